// The package entry: loads the native module built by `tsbind build` (or a prebuild).
import { loadAddon } from 'tsbind/loader';

const addon = loadAddon(new URL('.', import.meta.url), 'matrix');

export const { Matrix, DimensionError, SingularMatrixError } = addon;
