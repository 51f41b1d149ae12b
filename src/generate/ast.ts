// The parts of clang's JSON AST (`-Xclang -ast-dump=json`) the generator reads.

/** A bare source location; "file" and "line" are filled in by the stream filter when clang elided them. */
export interface BareLocation {
  offset: number;
  file?: string;
  line?: number;
  col?: number;
  tokLen?: number;
}

/** A location: bare, or for a macro expansion its spelling and expansion locations. */
export interface SourceLocation extends Partial<BareLocation> {
  spellingLoc?: BareLocation;
  expansionLoc?: BareLocation;
}

/** A C++ type as clang prints it. */
export interface AstType {
  qualType: string;
  desugaredQualType?: string;
}

/** One AST node; which fields are present depends on `kind`. */
export interface AstNode {
  id: string;
  kind: string;
  loc?: SourceLocation;
  range?: { begin: SourceLocation; end: SourceLocation };
  name?: string;
  type?: AstType;
  inner?: AstNode[];
  isImplicit?: boolean;
  access?: 'public' | 'protected' | 'private' | 'none';
  tagUsed?: 'struct' | 'class' | 'union' | 'enum';
  completeDefinition?: boolean;
  definitionData?: { isAbstract?: boolean; isPolymorphic?: boolean; isAggregate?: boolean; dtor?: Record<string, unknown> };
  bases?: { access: string; type: AstType; isVirtual?: boolean }[];
  storageClass?: string;
  variadic?: boolean;
  pure?: boolean;
  virtual?: boolean;
  explicitlyDeleted?: boolean;
  explicitlyDefaulted?: string;
  init?: string;
  scopedEnumTag?: string;
  fixedUnderlyingType?: AstType;
  value?: string;
  opcode?: string;
  isPostfix?: boolean;
  castKind?: string;
  referencedDecl?: { id: string; kind: string; name?: string; type?: AstType };
  previousDecl?: string;
  mangledName?: string;
  constexpr?: boolean;
  inline?: boolean;
  text?: string;
}

/** The location clang gives for where a node is: its expansion location when made by a macro. */
export function nodeLocation(node: AstNode): BareLocation | undefined {
  const loc = node.loc;
  if (!loc) return undefined;
  if (loc.expansionLoc) return loc.expansionLoc;
  if (typeof loc.offset === 'number') return loc as BareLocation;
  return undefined;
}
