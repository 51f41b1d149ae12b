// tsbind/loader: finds and loads a package's native module. Only `node:` builtins, as it ships inside users' addons.
export { loadAddon, AddonLoadError, type LoadAttempt } from './load.js';
export { addonCandidates, type AddonCandidate, type CandidateKind, type CandidateOptions, type PackageDir } from './candidates.js';
export { currentTarget, prebuildTags, targetTag, LIBC_BY_PLATFORM, type Libc, type Target } from './platform.js';
export { VARIANT_ENV, BUILD_VARIANTS, type BuildVariant } from './layout.js';
export { binaryProblem, BINARY_FORMAT_BY_PLATFORM, type BinaryFormat } from './binary.js';
