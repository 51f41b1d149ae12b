// `tsbind generate`: tsbind bindings written from C and C++ headers through clang's AST.
export { generateBinding, includeSpelling, type GenerateInput, type GenerateResult } from './generate.js';
export { loadConfig, checkConfig, DEFAULT_CONFIG, type GenerateConfig, type FunctionConfig, type HandleConfig } from './config.js';
export { findClang, clangInstallHint, parseHeaders } from './clang.js';
export { GenerateError } from './errors.js';
export { Coverage, type Skipped } from './coverage.js';
export { camelCase } from './names.js';
