/**
 * What the platform offers the thread pool, found at run time without a static import of any
 * Node module: `node:worker_threads` and `node:os` come from `process.getBuiltinModule` (Node ≥
 * 20.16), so the ESM build, the CJS build and a browser bundle are the same code and a bundler
 * never sees a Node import. In a browser the pool uses Web Workers from a Blob URL, and only
 * where the calling thread may block (`Atomics.wait`): inside a worker of a cross-origin
 * isolated page. Everywhere else `threadSupport()` says why not and the work runs on the caller.
 */

/** The part of a Node `Worker` (or a wrapped Web Worker) the pool uses. */
export interface WorkerHandle {
  postMessage(message: unknown): void;
  terminate(): void;
}

interface NodeWorker extends WorkerHandle {
  unref(): void;
  on(event: 'error', listener: (err: unknown) => void): void;
}

interface NodeWorkerThreads {
  Worker: new (code: string, options: { eval: true; name?: string }) => NodeWorker;
}

interface NodeOs {
  availableParallelism?: () => number;
  cpus(): readonly unknown[];
}

interface ProcessLike {
  getBuiltinModule?: (id: string) => unknown;
  env?: Record<string, string | undefined>;
  emitWarning?: (message: string, options: { code: string }) => void;
}

interface BrowserGlobals {
  Worker?: new (url: string, options?: { name?: string }) => WorkerHandle & { onerror: unknown };
  Blob?: new (parts: string[], options: { type: string }) => object;
  URL?: { createObjectURL(blob: object): string };
  WorkerGlobalScope?: unknown;
  navigator?: { hardwareConcurrency?: number };
}

const g = globalThis as typeof globalThis & { process?: ProcessLike } & BrowserGlobals;

/** A Node builtin module, or undefined outside Node (or on a Node without getBuiltinModule). */
function nodeBuiltin<T>(id: string): T | undefined {
  try {
    return g.process?.getBuiltinModule?.(id) as T | undefined;
  } catch {
    return undefined;
  }
}

/** The environment variable `name`, or undefined where there is none (browsers). */
export function envVar(name: string): string | undefined {
  const env = g.process?.env;
  return env === undefined ? undefined : env[name];
}

/** Warns once through Node's warning channel (silenced by --no-warnings) or the console. */
export function emitWarning(message: string, code: string): void {
  const p = g.process;
  if (typeof p?.emitWarning === 'function') p.emitWarning(message, { code });
  else if (typeof console !== 'undefined') console.warn(`${code}: ${message}`);
}

/** Logical cores: `os.availableParallelism()` in Node, `navigator.hardwareConcurrency` in browsers. */
export function availableCores(): number {
  const os = nodeBuiltin<NodeOs>('node:os');
  if (os !== undefined) {
    const n = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
    return Number.isInteger(n) && n >= 1 ? n : 1;
  }
  const h = g.navigator?.hardwareConcurrency;
  return typeof h === 'number' && Number.isInteger(h) && h >= 1 ? h : 1;
}

/** How the pool may create workers here, or why it cannot (then everything runs on the caller). */
export type ThreadSupport =
  | { readonly kind: 'node'; readonly spawn: (source: string, name: string) => WorkerHandle }
  | { readonly kind: 'browser'; readonly spawn: (source: string, name: string) => WorkerHandle }
  | { readonly kind: 'none'; readonly reason: string };

let support: ThreadSupport | undefined;

/** Detected once per thread (the answer cannot change while a program runs). */
export function threadSupport(): ThreadSupport {
  support ??= detect();
  return support;
}

function detect(): ThreadSupport {
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics?.wait !== 'function') {
    // Browsers define SharedArrayBuffer only on cross-origin isolated pages (COOP/COEP headers).
    return { kind: 'none', reason: 'no SharedArrayBuffer (a page must be cross-origin isolated: COOP/COEP headers)' };
  }
  const wt = nodeBuiltin<NodeWorkerThreads>('node:worker_threads');
  if (wt !== undefined) {
    return {
      kind: 'node',
      spawn(source, name) {
        const w = new wt.Worker(source, { eval: true, name });
        // A worker must never keep the process alive, nor crash it: an 'error' event (an
        // exception escaping the worker) is reported through the shared status words instead.
        w.unref();
        w.on('error', () => {});
        return w;
      },
    };
  }
  const { Worker: WebWorker, Blob: WebBlob, URL: WebURL } = g;
  if (WebWorker === undefined || WebBlob === undefined || WebURL === undefined) {
    return { kind: 'none', reason: 'no worker_threads (Node < 20.16?) and no Web Workers' };
  }
  // Atomics.wait throws on a browser's main thread; inside a worker it is allowed.
  if (g.WorkerGlobalScope === undefined) {
    return { kind: 'none', reason: 'a browser main thread may not block (Atomics.wait)' };
  }
  let url: string | undefined;
  return {
    kind: 'browser',
    spawn(source, name) {
      url ??= WebURL.createObjectURL(new WebBlob([source], { type: 'text/javascript' }));
      const w = new WebWorker(url, { name });
      w.onerror = () => {};
      return w;
    },
  };
}
