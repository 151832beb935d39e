/**
 * One chunk of a parallel matrix–vector product (`parallelGemv.ts`), shared by the caller and the
 * pool workers: the job names the product on the caller's gemv workspace (a shared WebAssembly
 * memory) and the output ranges; a chunk runs the serial kernel on its range of the output.
 */
import { gemvOnMemory } from '../kernels/gemvWasm.js';

/** y += Aᵀ·v split by columns of y ('cols'), or x = A·u split by rows of x ('rows'). */
export type GemvKind = 'rows' | 'cols';

/** The serial kernel: (data, aOff, lda, rows, cols, vecOff, outOff). */
export type GemvSerial = (
  data: Float64Array,
  aOff: number,
  lda: number,
  rows: number,
  cols: number,
  vecOff: number,
  outOff: number,
) => void;

/** A product on the shared workspace, offsets in doubles. */
export interface GemvJob {
  readonly kind: GemvKind;
  /** The workspace memory, its id (the worker keeps one instance per id) and the view length in use. */
  readonly memory: WebAssembly.Memory;
  readonly memoryId: number;
  readonly doubles: number;
  readonly aOff: number;
  readonly lda: number;
  readonly rows: number;
  readonly cols: number;
  readonly vecOff: number;
  readonly outOff: number;
  /** Chunk c covers outputs bounds[c] … bounds[c+1]. */
  readonly bounds: readonly number[];
}

/** Runs chunk `c` of `job` on `data` (a view of the job's memory). */
export function runGemvChunk(job: GemvJob, c: number, data: Float64Array, serial: GemvSerial): void {
  const o0 = job.bounds[c]!;
  const o1 = job.bounds[c + 1]!;
  if (job.kind === 'rows') {
    serial(data, job.aOff + o0 * job.lda, job.lda, o1 - o0, job.cols, job.vecOff, job.outOff + o0);
  } else {
    serial(data, job.aOff + o0, job.lda, job.rows, o1 - o0, job.vecOff, job.outOff + o0);
  }
}

/** A worker's chunk: the kernels instantiated on the caller's memory (same code, same bits). */
export function runGemvChunkInWorker(job: GemvJob, c: number, serial: GemvSerial): void {
  const w = gemvOnMemory(job.memory, job.memoryId, job.doubles);
  // Without wasm here the JS loops on a plain view of the same memory give the same bits.
  const data = w !== null ? w.view : new Float64Array(job.memory.buffer);
  runGemvChunk(job, c, data, serial);
}
