/**
 * A tiny WebAssembly binary emitter: just the opcodes the wasm kernels need, so that their
 * modules are generated from readable TypeScript at run time instead of being assembled by a
 * build-time toolchain (no wat2wasm, no emscripten, no committed opaque bytes). Each method of
 * {@link Code} appends one instruction and is named after its text-format mnemonic, so a kernel
 * reads like its `.wat` listing; {@link wasmModule} wraps function bodies into a module.
 *
 * Encoding reference: the WebAssembly core spec, "Binary Format", and the fixed-width SIMD
 * proposal (merged into the spec in 2.0), "BinarySIMD.md". Only deterministic instructions are
 * provided (no relaxed-SIMD FMA).
 */

/**
 * The i32 value type (binary encoding), for a {@link Code}'s parameters and locals.
 *
 * @example
 * const f = new kernels.Code([kernels.I32, kernels.I32]); // (i32 address, i32 count)
 */
export const I32 = 0x7f;
/**
 * The f64 value type (binary encoding).
 *
 * @example
 * const acc = new kernels.Code([kernels.I32]).local(kernels.F64);
 */
export const F64 = 0x7c;
/**
 * The v128 value type (binary encoding): two f64 lanes in the f64x2 instructions.
 *
 * @example
 * const pair = new kernels.Code([kernels.I32]).local(kernels.V128);
 */
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof F64 | typeof V128;

/** `i8x16.shuffle` lanes that swap the two f64 lanes of its first operand: (x, y) → (y, x). */
export const SWAP_F64X2: readonly number[] = [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7];

/** Unsigned LEB128. */
function uleb(out: number[], v: number): void {
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
}

/** Signed LEB128 (32-bit values). */
function sleb(out: number[], v: number): void {
  v |= 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return;
    }
    out.push(byte | 0x80);
  }
}

function name(out: number[], s: string): void {
  uleb(out, s.length);
  for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i));
}

/**
 * A function body under construction: `new Code(params).local(...)` then instructions (stack
 * machine order); handed to {@link wasmModule}. Internal building block of the SIMD kernels
 * (not semver-stable).
 *
 * @example
 * // f(addr, x): memory[addr] = 2·x
 * const f = new kernels.Code([kernels.I32, kernels.F64]);
 * f.get(0).get(1).get(1).f64Add().f64Store();
 */
export class Code {
  readonly bytes: number[] = [];
  private readonly locals: ValType[] = [];

  /** @param params the parameter types (locals 0…params.length−1). */
  constructor(readonly params: readonly ValType[]) {}

  /** Declares a new local and returns its index. */
  local(type: ValType): number {
    this.locals.push(type);
    return this.params.length + this.locals.length - 1;
  }

  // --- control ---
  /** `loop` with an empty block type; `br_if 0` inside jumps back to its start. */
  loop(): this {
    this.bytes.push(0x03, 0x40);
    return this;
  }
  end(): this {
    this.bytes.push(0x0b);
    return this;
  }
  brIf(depth: number): this {
    this.bytes.push(0x0d);
    uleb(this.bytes, depth);
    return this;
  }
  /** `block` with an empty block type; `br depth` inside jumps to its end. */
  block(): this {
    this.bytes.push(0x02, 0x40);
    return this;
  }
  br(depth: number): this {
    this.bytes.push(0x0c);
    uleb(this.bytes, depth);
    return this;
  }
  /** `if` with an empty block type (condition, an i32, on the stack). */
  if(): this {
    this.bytes.push(0x04, 0x40);
    return this;
  }
  else(): this {
    this.bytes.push(0x05);
    return this;
  }

  // --- locals ---
  get(i: number): this {
    this.bytes.push(0x20);
    uleb(this.bytes, i);
    return this;
  }
  set(i: number): this {
    this.bytes.push(0x21);
    uleb(this.bytes, i);
    return this;
  }
  tee(i: number): this {
    this.bytes.push(0x22);
    uleb(this.bytes, i);
    return this;
  }

  // --- i32 ---
  i32Const(v: number): this {
    this.bytes.push(0x41);
    sleb(this.bytes, v);
    return this;
  }
  i32Add(): this {
    this.bytes.push(0x6a);
    return this;
  }
  i32Sub(): this {
    this.bytes.push(0x6b);
    return this;
  }
  i32Mul(): this {
    this.bytes.push(0x6c);
    return this;
  }
  i32Shl(): this {
    this.bytes.push(0x74);
    return this;
  }
  i32LtU(): this {
    this.bytes.push(0x49);
    return this;
  }
  i32GtU(): this {
    this.bytes.push(0x4b);
    return this;
  }
  i32GeS(): this {
    this.bytes.push(0x4e);
    return this;
  }
  i32And(): this {
    this.bytes.push(0x71);
    return this;
  }

  // --- f64 ---
  f64Const(v: number): this {
    this.bytes.push(0x44);
    const b = new DataView(new ArrayBuffer(8));
    b.setFloat64(0, v, true);
    for (let i = 0; i < 8; i++) this.bytes.push(b.getUint8(i));
    return this;
  }
  /** `f64.load offset=…` (address on the stack; 8-byte alignment hint). */
  f64Load(offset = 0): this {
    this.bytes.push(0x2b);
    uleb(this.bytes, 3);
    uleb(this.bytes, offset);
    return this;
  }
  f64Eq(): this {
    this.bytes.push(0x61);
    return this;
  }
  f64Sub(): this {
    this.bytes.push(0xa1);
    return this;
  }
  f64Mul(): this {
    this.bytes.push(0xa2);
    return this;
  }
  /** `f64.neg`: flips the sign bit (exact). */
  f64Neg(): this {
    this.bytes.push(0x9a);
    return this;
  }
  f64Add(): this {
    this.bytes.push(0xa0);
    return this;
  }
  /** `f64.store offset=…` (address, value on the stack; 8-byte alignment hint). */
  f64Store(offset = 0): this {
    this.bytes.push(0x39);
    uleb(this.bytes, 3);
    uleb(this.bytes, offset);
    return this;
  }

  // --- SIMD (prefix 0xfd, LEB128 sub-opcode) ---
  private simd(op: number): this {
    this.bytes.push(0xfd);
    uleb(this.bytes, op);
    return this;
  }
  private memarg(align: number, offset: number): this {
    uleb(this.bytes, align);
    uleb(this.bytes, offset);
    return this;
  }
  /** `v128.load offset=…` (address on the stack; 16-byte alignment hint). */
  v128Load(offset = 0): this {
    return this.simd(0x00).memarg(4, offset);
  }
  /** `v128.load64_splat offset=…`: one f64 from memory into both lanes. */
  v128Load64Splat(offset = 0): this {
    return this.simd(0x0a).memarg(3, offset);
  }
  /** `v128.store offset=…` (address, value on the stack). */
  v128Store(offset = 0): this {
    return this.simd(0x0b).memarg(4, offset);
  }
  /** `v128.const` with all 16 bytes zero (= f64x2(+0, +0)). */
  v128Zero(): this {
    this.simd(0x0c);
    for (let i = 0; i < 16; i++) this.bytes.push(0);
    return this;
  }
  /** `i8x16.shuffle` with 16 lane indices (0–15 pick from the first operand, 16–31 from the second). */
  i8x16Shuffle(lanes: readonly number[]): this {
    if (lanes.length !== 16) throw new Error('i8x16.shuffle takes 16 lane indices');
    this.simd(0x0d);
    for (const l of lanes) this.bytes.push(l);
    return this;
  }
  f64x2Splat(): this {
    return this.simd(0x14);
  }
  /** `f64x2.replace_lane lane` (vector, f64 on the stack). */
  f64x2ReplaceLane(lane: 0 | 1): this {
    this.simd(0x22);
    this.bytes.push(lane);
    return this;
  }
  /** `f64x2.extract_lane lane`: one lane as an f64. */
  f64x2ExtractLane(lane: 0 | 1): this {
    this.simd(0x21);
    this.bytes.push(lane);
    return this;
  }
  /** `f64x2.neg`: flips the sign bit of both lanes (exact). */
  f64x2Neg(): this {
    return this.simd(0xed);
  }
  f64x2Add(): this {
    return this.simd(0xf0);
  }
  f64x2Sub(): this {
    return this.simd(0xf1);
  }
  f64x2Mul(): this {
    return this.simd(0xf2);
  }

  /** The encoded body: local declarations (one entry per local), instructions, `end`. */
  encode(): number[] {
    const body: number[] = [];
    uleb(body, this.locals.length);
    for (const t of this.locals) body.push(1, t);
    body.push(...this.bytes, 0x0b);
    const out: number[] = [];
    uleb(out, body.length);
    out.push(...body);
    return out;
  }
}

function section(out: number[], id: number, content: number[]): void {
  out.push(id);
  uleb(out, content.length);
  out.push(...content);
}

/**
 * A module with one exported memory (`memory`, `minPages` 64 KiB pages, growable) and the given
 * exported functions, each returning nothing. With `sharedMaxPages` the memory is shared (its
 * buffer a SharedArrayBuffer that worker threads can read and write), growable up to that many
 * pages; instantiating it fails where shared memory is not allowed.
 *
 * @example
 * const bytes = kernels.wasmModule(1, [{ name: 'twice', code: f }]);
 * const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes));
 */
export function wasmModule(
  minPages: number,
  funcs: readonly { name: string; code: Code }[],
  sharedMaxPages?: number,
): Uint8Array<ArrayBuffer> {
  return emitModule(minPages, funcs, sharedMaxPages, false);
}

/**
 * The module of {@link wasmModule} with its shared memory imported (`env.memory`, `minPages` …
 * `sharedMaxPages` pages, shared) instead of defined, and still exported as `memory`: several
 * threads instantiate it on one `WebAssembly.Memory` (the pool's workers run the gemv kernels on
 * the caller's workspace, `threads/parallelGemv.ts`).
 */
export function wasmModuleImportingMemory(
  minPages: number,
  funcs: readonly { name: string; code: Code }[],
  sharedMaxPages: number,
): Uint8Array<ArrayBuffer> {
  return emitModule(minPages, funcs, sharedMaxPages, true);
}

function emitModule(
  minPages: number,
  funcs: readonly { name: string; code: Code }[],
  sharedMaxPages: number | undefined,
  importMemory: boolean,
): Uint8Array<ArrayBuffer> {
  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const types: number[] = [];
  uleb(types, funcs.length);
  for (const f of funcs) {
    types.push(0x60);
    uleb(types, f.code.params.length);
    types.push(...f.code.params, 0);
  }
  section(out, 1, types);
  // limits: flags 0 (min only) or 3 (min, max, shared)
  const limits = [sharedMaxPages === undefined ? 0 : 3];
  uleb(limits, minPages);
  if (sharedMaxPages !== undefined) uleb(limits, sharedMaxPages);
  if (importMemory) {
    const imports = [1];
    name(imports, 'env');
    name(imports, 'memory');
    imports.push(2, ...limits);
    section(out, 2, imports);
  }
  const fns: number[] = [];
  uleb(fns, funcs.length);
  for (let i = 0; i < funcs.length; i++) uleb(fns, i);
  section(out, 3, fns);
  if (!importMemory) section(out, 5, [1, ...limits]);
  const exps: number[] = [];
  uleb(exps, funcs.length + 1);
  name(exps, 'memory');
  exps.push(2, 0);
  funcs.forEach((f, i) => {
    name(exps, f.name);
    exps.push(0);
    uleb(exps, i);
  });
  section(out, 7, exps);
  const code: number[] = [];
  uleb(code, funcs.length);
  for (const f of funcs) code.push(...f.code.encode());
  section(out, 10, code);
  return new Uint8Array(out);
}
