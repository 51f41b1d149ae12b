// How to install each tool `tsbind build` needs, per platform: data, read by the error messages and `tsbind doctor`.

type Platform = NodeJS.Platform;

/** A tool the build needs, or (ccache, the ASan and TSan runtimes) can use. */
export type Tool = 'node' | 'cmake' | 'compiler' | 'buildTool' | 'ccache' | 'asanRuntime' | 'tsanRuntime';

const HINTS: Readonly<Record<Tool, Readonly<Partial<Record<Platform, string>>> & { readonly default: string }>> = {
  node: {
    linux: 'Install Node.js 20 or newer: from https://nodejs.org, or with nvm (`nvm install 22`), or your distribution\'s nodejs package if it is recent enough.',
    darwin: 'Install Node.js 20 or newer: `brew install node`, or with nvm (`nvm install 22`), or from https://nodejs.org.',
    win32: 'Install Node.js 20 or newer: `winget install OpenJS.NodeJS.LTS`, or from https://nodejs.org.',
    default: 'Install Node.js 20 or newer (https://nodejs.org).',
  },
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
    win32: 'Install Visual Studio Build Tools with the "Desktop development with C++" workload (CMake builds with its MSBuild), or Ninja (`winget install Ninja-build.Ninja`).',
    default: 'Install Ninja (`pip install ninja`) or make, and put it on PATH.',
  },
  ccache: {
    linux: 'Optional, for faster rebuilds (`tsbind build` uses it when it is on PATH): `sudo apt-get install ccache` (Debian/Ubuntu), `sudo dnf install ccache` (Fedora), `apk add ccache` (Alpine).',
    darwin: 'Optional, for faster rebuilds (`tsbind build` uses it when it is on PATH): `brew install ccache`.',
    win32: 'Optional, for faster rebuilds (`tsbind build` uses it when it is on PATH): `winget install Ccache.Ccache`.',
    default: 'Optional, for faster rebuilds: install ccache and put it on PATH (`tsbind build` uses it when it is there).',
  },
  asanRuntime: {
    linux: 'Needed only for `--sanitize=address`: install the ASan runtime of your compiler, `sudo apt-get install libasan8` (Debian/Ubuntu; the number follows the GCC version), `sudo dnf install libasan` (Fedora), or set CXX to a compiler that has one.',
    darwin: 'Needed only for `--sanitize=address`: it comes with Apple clang (`xcode-select --install`) and Homebrew LLVM (`brew install llvm`); set CXX to that compiler.',
    default: 'Needed only for `--sanitize=address`: install the AddressSanitizer runtime of your compiler, or set CXX to a compiler that has one.',
  },
  tsanRuntime: {
    linux: 'Needed only for `--sanitize=thread`: install the TSan runtime of your compiler, `sudo apt-get install libtsan2` (Debian/Ubuntu, GCC 11 and later; `libtsan0` before), `sudo dnf install libtsan` (Fedora), or set CXX to a compiler that has one.',
    darwin: 'Needed only for `--sanitize=thread`: it comes with Apple clang (`xcode-select --install`) and Homebrew LLVM (`brew install llvm`); set CXX to that compiler.',
    default: 'Needed only for `--sanitize=thread`: install the ThreadSanitizer runtime of your compiler, or set CXX to a compiler that has one.',
  },
};

/** How to install `tool` on this platform. */
export function installHint(tool: Tool, platform: Platform = process.platform): string {
  const hints = HINTS[tool];
  return hints[platform] ?? hints.default;
}
