// The implementations, in the order of the result table's columns.
import { addonApi } from './addon-api.mjs';
import { js } from './js.mjs';
import { koffiImpl } from './koffi.mjs';
import { raw } from './raw.mjs';
import { tsbind } from './tsbind.mjs';

export const impls = [raw, tsbind, addonApi, koffiImpl, js];
