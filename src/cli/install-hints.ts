// How to install each tool `tsbind build` needs, per platform: data, read by the error messages.

type Platform = NodeJS.Platform;

/** A tool the build needs. */
export type Tool = 'cmake' | 'compiler' | 'buildTool';

const HINTS: Readonly<Record<Tool, Readonly<Partial<Record<Platform, string>>> & { readonly default: string }>> = {
  cmake: {
    linux: 'Install CMake 3.19 or newer: `sudo apt-get install cmake` (Debian/Ubuntu), `sudo dnf install cmake` (Fedora), `apk add cmake` (Alpine), or `pip install cmake`.',
    darwin: 'Install CMake 3.19 or newer: `brew install cmake`, or `pip install cmake`.',
    win32: 'Install CMake 3.19 or newer: `winget install Kitware.CMake` (or the Visual Studio "C++ CMake tools" component), then open a new terminal.',
    default: 'Install CMake 3.19 or newer (https://cmake.org/download/ or `pip install cmake`) and put it on PATH.',
  },
  compiler: {
    linux: 'Install a C++ compiler: `sudo apt-get install g++` (Debian/Ubuntu), `sudo dnf install gcc-c++` (Fedora), `apk add g++` (Alpine). Or set CXX to the compiler to use.',
    darwin: 'Install the Xcode command line tools: `xcode-select --install`. Or set CXX to the compiler to use.',
    win32: 'Install Visual Studio Build Tools with the "Desktop development with C++" workload, and run from a Developer Command Prompt.',
    default: 'Install a C++17 compiler (g++ or clang++), or set CXX to the compiler to use.',
  },
  buildTool: {
    linux: 'Install Ninja (`sudo apt-get install ninja-build`, `pip install ninja`) or make (`sudo apt-get install make`).',
    darwin: 'Install Ninja (`brew install ninja`) or the Xcode command line tools for make (`xcode-select --install`).',
    default: 'Install Ninja (`pip install ninja`) or make, and put it on PATH.',
  },
};

/** How to install `tool` on this platform. */
export function installHint(tool: Tool, platform: Platform = process.platform): string {
  const hints = HINTS[tool];
  return hints[platform] ?? hints.default;
}
