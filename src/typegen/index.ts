// The declaration generator: a tsbind module's description of itself in, the text of its .d.ts out. No I/O.
export { generateDeclarations, type DeclarationOptions } from './generate.js';
export {
  parseDescription,
  DescriptionError,
  DESCRIBE_KEY,
  DESCRIPTION_VERSION,
  type ModuleDescription,
  type FunctionDescription,
  type Signature,
  type Param,
  type ClassDescription,
  type MethodDescription,
  type PropertyDescription,
  type ExceptionDescription,
  type ObjectDescription,
  type FieldDescription,
  type EnumDescription,
} from './description.js';
export { parseType } from './type-syntax.js';
export { generateEntry, type EntryOptions, type EntryFiles } from './entry.js';
