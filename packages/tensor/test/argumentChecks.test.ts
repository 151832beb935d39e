/**
 * Every public op refuses what is neither a Tensor nor (where a number is data) a number, with a
 * ValueError that says what it got — and for a tape Var, to use the tape op of the same name or
 * `.value`. Before, `mul(Var, 2)` returned a rank-0 NaN and `neg(Var)` threw a bare TypeError.
 *
 * @svd/tensor cannot import @svd/tape (not even in tests: tape depends on tensor), so the Var
 * here is an object with tape's brand, `Symbol.for('@svd/tape.Var')`, exactly what tensor looks
 * for; packages/tape/test/tensorOpsRefuseVars.test.ts repeats the key cases with real Vars.
 */
import { describe, expect, it } from 'vitest';
import * as T from '../src/index.js';

const A = T.tensor([
  [1, 2],
  [3, 4],
]);
const v3 = T.tensor([1, 2, 3]);
const fakeVar = { [Symbol.for('@svd/tape.Var')]: 1, value: T.tensor([1, 2, 3]), shape: [3], dtype: 'float64' };
type Call = (x: unknown) => unknown;
const X = (x: unknown) => x as T.Tensor;

/**
 * For each public function that reads tensors: one call per tensor argument, with `x` in that
 * position and valid values elsewhere.
 */
const CALLS: Record<string, Call[]> = {
  add: [(x) => T.add(X(x), A), (x) => T.add(A, X(x))],
  sub: [(x) => T.sub(X(x), 1), (x) => T.sub(2, X(x))],
  mul: [(x) => T.mul(X(x), 2), (x) => T.mul(A, X(x))],
  div: [(x) => T.div(X(x), A), (x) => T.div(A, X(x))],
  pow: [(x) => T.pow(X(x), 2), (x) => T.pow(A, X(x))],
  maximum: [(x) => T.maximum(X(x), 0), (x) => T.maximum(A, X(x))],
  minimum: [(x) => T.minimum(X(x), 0), (x) => T.minimum(A, X(x))],
  equal: [(x) => T.equal(X(x), A), (x) => T.equal(A, X(x))],
  notEqual: [(x) => T.notEqual(X(x), A), (x) => T.notEqual(A, X(x))],
  less: [(x) => T.less(X(x), A), (x) => T.less(A, X(x))],
  lessEqual: [(x) => T.lessEqual(X(x), A), (x) => T.lessEqual(A, X(x))],
  greater: [(x) => T.greater(X(x), A), (x) => T.greater(A, X(x))],
  greaterEqual: [(x) => T.greaterEqual(X(x), A), (x) => T.greaterEqual(A, X(x))],
  where: [(x) => T.where(X(x), A, 0), (x) => T.where(A, X(x), 0), (x) => T.where(A, 0, X(x))],
  ...Object.fromEntries(
    Object.entries({
      neg: T.neg,
      abs: T.abs,
      sqrt: T.sqrt,
      exp: T.exp,
      log: T.log,
      sin: T.sin,
      cos: T.cos,
      tanh: T.tanh,
      square: T.square,
      sign: T.sign,
      reciprocal: T.reciprocal,
      angle: T.angle,
      conjPhysical: T.conjPhysical,
    }).map(([name, f]) => [name, [(x: unknown) => f(X(x))]]),
  ),
  scale: [(x) => T.scale(X(x), 2)],
  addScalar: [(x) => T.addScalar(X(x), 2)],
  sum: [(x) => T.sum(X(x))],
  mean: [(x) => T.mean(X(x))],
  prod: [(x) => T.prod(X(x))],
  max: [(x) => T.max(X(x))],
  min: [(x) => T.min(X(x))],
  argmax: [(x) => T.argmax(X(x))],
  argmin: [(x) => T.argmin(X(x))],
  norm: [(x) => T.norm(X(x))],
  permute: [(x) => T.permute(X(x), [0])],
  transpose: [(x) => T.transpose(X(x))],
  swapAxes: [(x) => T.swapAxes(X(x), 0, 0)],
  matrixTranspose: [(x) => T.matrixTranspose(X(x))],
  conj: [(x) => T.conj(X(x))],
  adjoint: [(x) => T.adjoint(X(x))],
  slice: [(x) => T.slice(X(x), 0)],
  reshape: [(x) => T.reshape(X(x), [3])],
  flatten: [(x) => T.flatten(X(x))],
  broadcastTo: [(x) => T.broadcastTo(X(x), [2, 3])],
  expand: [(x) => T.expand(X(x), [2, 3])],
  broadcastTensors: [(x) => T.broadcastTensors(A, X(x))],
  unsqueeze: [(x) => T.unsqueeze(X(x), 0)],
  squeeze: [(x) => T.squeeze(X(x))],
  diagonal: [(x) => T.diagonal(X(x))],
  contiguous: [(x) => T.contiguous(X(x))],
  flip: [(x) => T.flip(X(x))],
  concat: [(x) => T.concat([v3, X(x)])],
  stack: [(x) => T.stack([X(x), v3])],
  triu: [(x) => T.triu(X(x))],
  tril: [(x) => T.tril(X(x))],
  trace: [(x) => T.trace(X(x))],
  outer: [(x) => T.outer(X(x), v3), (x) => T.outer(v3, X(x))],
  diagEmbed: [(x) => T.diagEmbed(X(x))],
  diag: [(x) => T.diag(X(x))],
  zerosLike: [(x) => T.zerosLike(X(x))],
  onesLike: [(x) => T.onesLike(X(x))],
  matmul: [(x) => T.matmul(X(x), A), (x) => T.matmul(A, X(x))],
  dot: [(x) => T.dot(X(x), v3), (x) => T.dot(v3, X(x))],
  vdot: [(x) => T.vdot(X(x), v3), (x) => T.vdot(v3, X(x))],
  tensordot: [(x) => T.tensordot(X(x), A, 1), (x) => T.tensordot(A, X(x), 1)],
  einsum: [(x) => T.einsum('i->', X(x)), (x) => T.einsum('ij,j->i', A, X(x))],
  real: [(x) => T.real(X(x))],
  imag: [(x) => T.imag(X(x))],
  complex: [(x) => T.complex(X(x), v3), (x) => T.complex(v3, X(x))],
  isclose: [(x) => T.isclose(X(x), v3), (x) => T.isclose(v3, X(x))],
  allclose: [(x) => T.allclose(X(x), v3), (x) => T.allclose(v3, X(x))],
  arrayEqual: [(x) => T.arrayEqual(X(x), v3), (x) => T.arrayEqual(v3, X(x))],
  isFinite: [(x) => T.isFinite(X(x))],
  allFinite: [(x) => T.allFinite(X(x))],
  formatTensor: [(x) => T.formatTensor(X(x))],
  tensor: [(x) => T.tensor(x as number[])],
};

/** Public functions that read no tensor argument (shapes, numbers, dtypes, typed arrays, errors). */
const NO_TENSOR_ARGUMENT = new Set([
  // dtype and shape helpers
  ...[
    'isDType',
    'isComplex',
    'itemWidth',
    'realDType',
    'complexDType',
    'isSinglePrecision',
    'promoteTypes',
    'allocate',
    'epsOf',
  ],
  ...['fmtShape', 'sizeOf', 'contiguousStrides', 'validateShape', 'normalizeAxis', 'broadcastShapes', 'stridedOffsets'],
  ...['normalizeAxes', 'sameShape'],
  // error classes, the class itself, and the checks under test
  ...[
    'SvdError',
    'ShapeError',
    'DTypeError',
    'ValueError',
    'IndexError',
    'ThreadError',
    'Tensor',
    'isTensor',
    'describeValue',
    'checkTensor',
  ],
  // creation from shapes and numbers; random generation
  ...[
    'scalar',
    'zeros',
    'full',
    'ones',
    'eye',
    'arange',
    'linspace',
    'Rng',
    'rand',
    'randomUniform',
    'randn',
    'randomOrthogonal',
  ],
  // kernels on raw typed arrays; the thread count
  ...['gemm', 'complexGemm', 'setThreads', 'getThreads'],
]);

const exportedFunctions = Object.keys(T).filter((k) => typeof (T as Record<string, unknown>)[k] === 'function');

describe('every @svd/tensor op refuses a tape Var', () => {
  it('the table covers every exported function', () => {
    const uncovered = exportedFunctions.filter((k) => !(k in CALLS) && !NO_TENSOR_ARGUMENT.has(k));
    expect(uncovered).toEqual([]);
    expect(Object.keys(CALLS).filter((k) => !exportedFunctions.includes(k))).toEqual([]);
  });

  it.each(Object.entries(CALLS).flatMap(([name, calls]) => calls.map((call, i) => [name, i, call] as const)))(
    '%s, argument %i: a ValueError naming the op, what it got, and the tape op or .value',
    (name, _i, call) => {
      let caught: unknown;
      try {
        call(fakeVar);
      } catch (e) {
        caught = e;
      }
      expect(caught, `${name} must throw`).toBeInstanceOf(T.ValueError);
      const err = caught as T.ValueError;
      expect(err.code).toBe('VALUE');
      expect(err.op).toBe(name);
      expect(err.message).toContain(`${name}: `);
      expect(err.message).toContain('got a tape Var of dtype float64 and shape [3]');
      if (name === 'tensor') expect(err.message).toContain("pass the Var's `.value`");
      else
        expect(err.message).toContain(
          `use \`${name}\` from @svd/tape to differentiate through it, or pass the Var's \`.value\``,
        );
    },
  );

  it('the bug report: mul(Var, 2) no longer returns a rank-0 NaN', () => {
    expect(() => T.mul(fakeVar as never, 2)).toThrow(
      "mul: the first operand must be a Tensor or a number, got a tape Var of dtype float64 and shape [3]. @svd/tensor ops do not record gradients: use `mul` from @svd/tape to differentiate through it, or pass the Var's `.value` for a plain Tensor result",
    );
  });
});

describe('other non-Tensors are refused with what they are', () => {
  it.each([
    [() => T.mul(A, '2' as never), "mul: the second operand must be a Tensor or a number, got '2'"],
    [() => T.add([1, 2] as never, A), 'add: the first operand must be a Tensor or a number, got an array of length 2'],
    [() => T.neg(new Float64Array(3) as never), 'neg: the input must be a Tensor, got a Float64Array of length 3'],
    [() => T.sum(undefined as never), 'sum: the input must be a Tensor, got undefined'],
    [() => T.matmul(A, null as never), 'matmul: the second operand must be a Tensor, got null'],
    [
      () => T.transpose({ shape: [2, 2] } as never),
      'transpose: the input must be a Tensor, got an object with keys {shape}',
    ],
    [() => T.concat([A, 3 as never]), 'concat: tensors[1] must be a Tensor, got 3'],
    [
      () => T.concat(A as never),
      'concat: tensors must be an array of Tensors, got a Tensor of dtype float64 and shape [2, 2]',
    ],
    [
      () => T.einsum(A as never, A),
      "einsum: the subscripts must be a string such as 'ij,jk->ik', got a Tensor of dtype float64 and shape [2, 2]",
    ],
    [() => T.where(A, A, true as never), 'where: the third argument must be a Tensor or a number, got true'],
  ] as const)('%#: %s', (call, message) => {
    expect(call).toThrow(T.ValueError);
    expect(call).toThrow(message);
  });

  it('a Tensor of a foreign layout version is refused, not misread', () => {
    const foreign = Object.create(T.Tensor.prototype, { [Symbol.for('@svd/tensor.Tensor')]: { value: 2 } }) as T.Tensor;
    expect(T.isTensor(foreign)).toBe(false);
    expect(() => T.sum(foreign)).toThrow(
      'sum: the input must be a Tensor, got a Tensor of another, incompatible copy of @svd/tensor (layout 2; this copy reads layout 1)',
    );
  });
});
