/**
 * Gradients of complex and mixed real/complex tape ops against PyTorch autograd (torch 1.13),
 * from the committed fixture test/fixtures/torch_complex_grads.json written by
 * tools/fixtures/generate_tape_complex.py. Each case is rebuilt here by name with tape ops.
 *
 * Convention: for a real loss L of a complex z, torch's z.grad is ∂L/∂Re z + i·∂L/∂Im z, the
 * conjugate-Wirtinger cotangent (dL = Re Σ conj(ḡ)·dz) that @svd/tape returns. The comparison is
 * therefore direct; the last block checks that it would catch the two classic mistakes (returning
 * ∂L/∂z, i.e. the conjugate, or forgetting the factor 2).
 *
 * Tolerance: 1e-12, normwise relative (‖ours − torch‖∞ ≤ 1e-12·‖torch‖∞, and the same for the loss
 * value relative to the sum of the magnitudes of its terms). Both sides evaluate the same formulas
 * in float64 with a different order of operations; the measured worst case (printed by the
 * summary test) is below 1e-15, so 1e-12 leaves a wide margin while any convention error
 * (relative error ≥ 1e-3, usually O(1)) fails.
 */
import { readFileSync } from 'node:fs';
import * as T from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import {
  type Var,
  abs,
  add,
  adjoint,
  backward,
  complex,
  concat,
  conj,
  diagEmbed,
  diagonal,
  div,
  einsum,
  exp,
  imag,
  log,
  matmul,
  mean,
  mul,
  norm,
  permute,
  pow,
  real,
  reciprocal,
  reshape,
  slice,
  sqrt,
  square,
  stack,
  sub,
  sum,
  trace,
  valueAndGrad,
  variable,
  where,
} from '../src/index.js';

interface Encoded {
  dtype: 'float64' | 'complex128';
  shape: number[];
  data: number[];
}

interface Case {
  name: string;
  note: string;
  loss: 'proj' | 'sqabs';
  inputs: (Encoded & { name: string; tracked: boolean })[];
  out: { dtype: string; shape: number[] };
  weight?: Encoded;
  value: number;
  grads: Encoded[];
}

interface Fixture {
  generator: string;
  seed: number;
  torch: string;
  cases: Case[];
}

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/torch_complex_grads.json', import.meta.url), 'utf8'),
) as Fixture;

const TOL = 1e-12;

function decode(e: Encoded): T.Tensor {
  return T.tensor(Float64Array.from(e.data), { shape: e.shape, dtype: e.dtype });
}

/** The ops of each case, in the generator's input order (untracked inputs arrive as Vars too). */
const OPS: Record<string, (...xs: Var[]) => Var> = {
  add_broadcast: (x, y) => add(x!, y!),
  sub: (x, y) => sub(x!, y!),
  mul_broadcast: (x, y) => mul(x!, y!),
  mul_sqabs: (x, y) => mul(x!, y!),
  div: (x, y) => div(x!, y!),
  exp: (x) => exp(x!),
  log: (x) => log(x!),
  sqrt: (x) => sqrt(x!),
  square: (x) => square(x!),
  reciprocal: (x) => reciprocal(x!),
  abs: (x) => abs(x!),
  conj: (x) => conj(x!),
  real: (x) => real(x!),
  imag: (x) => imag(x!),
  complex: (re, im) => complex(re!, im!),
  matmul_2d: (a, b) => matmul(a!, b!),
  matmul_batched: (a, b) => matmul(a!, b!),
  matmul_broadcast_batch: (a, b) => matmul(a!, b!),
  einsum_ij_jk: (a, b) => einsum('ij,jk->ik', a!, b!),
  einsum_ii: (a) => einsum('ii->', a!),
  einsum_bij_bjk: (a, b) => einsum('bij,bjk->bik', a!, b!),
  sum_axis: (x) => sum(x!, { axes: 1 }),
  mean: (x) => mean(x!),
  mean_axis0_sqabs: (x) => mean(x!, { axes: 0 }),
  norm_fro: (x) => norm(x!),
  norm_vector2_axis: (x) => norm(x!, { ord: 2, axes: -1 }),
  adjoint: (x) => adjoint(x!),
  adjoint_matmul: (x) => matmul(adjoint(x!), x!),
  slice: (x) => slice(x!, [1, 3], [null, null, 2]),
  reshape: (x) => reshape(x!, [3, 4]),
  permute: (x) => permute(x!, [2, 0, 1]),
  concat_complex_real: (z, r) => concat([z!, r!], 0),
  stack_complex_real: (z, r) => stack([z!, r!], 1),
  trace: (x) => trace(x!),
  diag_embed: (v) => diagEmbed(v!),
  diagonal_offset: (x) => diagonal(x!, 1),
  where: (x, y, cond) => where(T.notEqual(cond!.value, 0), x!, y!),
  where_mixed: (x, y, cond) => where(T.notEqual(cond!.value, 0), x!, y!),
  trace_batched: (x) => trace(x!),
  diagonal_axes_0_2: (x) => diagonal(x!, -1, 0, 2),
  einsum_mixed_real_complex: (a, b) => einsum('ij,jk->ik', a!, b!),
  mixed_real_weight_times_complex: (w, z) => mul(w!, z!),
  mixed_real_plus_complex_sqabs: (x, z) => add(x!, z!),
  mixed_real_matmul_complex: (a, b) => matmul(a!, b!),
  pow_int: (x) => pow(x!, 3),
  composition: (a, b) => add(sum(conj(div(exp(a!), b!)), { axes: 0 }), abs(b!)),
  composition_norm_log: (x, r) => div(mul(log(x!), r!), norm(x!)),
};

/** The real scalar loss of a case applied to the op's output y. */
function lossOf(c: Case, y: Var): Var {
  if (c.loss === 'proj') {
    const w = decode(c.weight!);
    return y.value.isComplex ? sum(real(mul(conj(w), y))) : sum(mul(w, y));
  }
  return y.value.isComplex ? sum(add(square(real(y)), square(imag(y)))) : sum(square(y));
}

/** Runs a case through valueAndGrad: [output, loss value, gradients of the tracked inputs]. */
function evaluate(c: Case): { out: T.Tensor; value: number; grads: T.Tensor[] } {
  const op = OPS[c.name];
  if (!op) throw new Error(`no TS closure for fixture case '${c.name}'`);
  const inputs = c.inputs.map(decode);
  const argnums = c.inputs.flatMap((x, i) => (x.tracked ? [i] : []));
  let out: T.Tensor | null = null;
  const [value, grads] = valueAndGrad(
    (...xs: Var[]) => {
      const y = op(...xs);
      out = y.value;
      return lossOf(c, y);
    },
    { argnums },
  )(...inputs);
  return { out: out!, value: value.item(), grads: grads.map((g) => g.value) };
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

/** ‖a − b‖∞ / ‖b‖∞ over the interleaved data (0 when both are 0). */
function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < b.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  const s = maxAbs(b);
  return s === 0 ? d : d / s;
}

/** The exact value is Σ of terms; their magnitudes bound the rounding (a scalar proxy: |L| + 1). */
function valueErr(ours: number, ref: number): number {
  return Math.abs(ours - ref) / Math.max(Math.abs(ref), 1);
}

describe('complex tape gradients against PyTorch autograd (committed fixtures)', () => {
  it('the fixture is the expected one and every case has a TS closure', () => {
    expect(fixture.generator).toBe('tools/fixtures/generate_tape_complex.py');
    expect(fixture.torch.startsWith('1.13')).toBe(true);
    expect(fixture.cases.length).toBeGreaterThanOrEqual(40);
    expect(fixture.cases.map((c) => c.name).filter((n) => !(n in OPS))).toEqual([]);
    expect(Object.keys(OPS).filter((n) => !fixture.cases.some((c) => c.name === n))).toEqual([]);
  });

  for (const c of fixture.cases) {
    it(`${c.name} (${c.loss}${c.note ? `; ${c.note}` : ''})`, () => {
      const { out, value, grads } = evaluate(c);
      // Forward: same output dtype and shape as torch (promotion, views), and the same loss.
      expect(out.dtype, 'output dtype').toBe(c.out.dtype);
      expect([...out.shape], 'output shape').toEqual(c.out.shape);
      expect(valueErr(value, c.value), `loss ${value} vs torch ${c.value}`).toBeLessThanOrEqual(TOL);
      // Backward: one gradient per tracked input, with the input's dtype (real stays real) and shape.
      expect(grads.length).toBe(c.grads.length);
      grads.forEach((g, k) => {
        const ref = c.grads[k]!;
        expect(g.dtype, `grad ${k} dtype`).toBe(ref.dtype);
        expect([...g.shape], `grad ${k} shape`).toEqual(ref.shape);
        const err = relErr(g.toTypedArray(), ref.data);
        expect(err, `grad ${k} (${c.inputs.filter((x) => x.tracked)[k]!.name}) relative error`).toBeLessThanOrEqual(
          TOL,
        );
      });
    });
  }

  it('backward() leaves the same gradients in x.grad as valueAndGrad', () => {
    for (const c of fixture.cases) {
      const xs = c.inputs.map((x) => variable(decode(x), { requiresGrad: x.tracked }));
      backward(lossOf(c, OPS[c.name]!(...xs)));
      const tracked = xs.filter((_, i) => c.inputs[i]!.tracked);
      tracked.forEach((x, k) => {
        const ref = c.grads[k]!;
        expect(x.grad, `${c.name}: grad ${k}`).not.toBeNull();
        expect(x.grad!.dtype, `${c.name}: grad ${k} dtype`).toBe(ref.dtype);
        expect(relErr(x.grad!.toTypedArray(), ref.data), `${c.name}: grad ${k}`).toBeLessThanOrEqual(TOL);
      });
    }
  });
});

describe('the comparison discriminates between conventions', () => {
  /** Every complex gradient of the fixture, paired with ours. */
  const complexGrads = () =>
    fixture.cases.flatMap((c) => {
      const { grads } = evaluate(c);
      return grads.flatMap((g, k) =>
        c.grads[k]!.dtype === 'complex128' ? [{ name: c.name, ours: g, ref: c.grads[k]! }] : [],
      );
    });

  it('returning ∂L/∂z (the conjugate of the cotangent) would fail wherever the gradient is not real', () => {
    let caught = 0;
    const realValued: string[] = [];
    for (const { name, ours, ref } of complexGrads()) {
      const im = ref.data.filter((_, i) => i % 2 === 1);
      if (maxAbs(im) <= 1e-3 * maxAbs(ref.data)) {
        // Only 'real' (x̄ = W + 0i) has a real-valued complex gradient: conj cannot be detected there.
        realValued.push(name);
        continue;
      }
      const conjRef = ref.data.map((v, i) => (i % 2 === 1 ? -v : v));
      expect(relErr(ours.toTypedArray(), conjRef), `${name}: conj(torch) must not match`).toBeGreaterThan(1e-3);
      caught++;
    }
    expect(realValued).toEqual(['real']);
    expect(caught).toBeGreaterThanOrEqual(45);
  });

  it('forgetting the factor 2 (returning ∂L/∂conj(z)) would fail on every case', () => {
    for (const c of fixture.cases) {
      const { grads } = evaluate(c);
      grads.forEach((g, k) => {
        const halved = c.grads[k]!.data.map((v) => v / 2);
        expect(relErr(g.toTypedArray(), halved), `${c.name} grad ${k}`).toBeGreaterThan(0.5);
      });
    }
  });

  it('a deliberately conjugated rule is caught at the fixture tolerance', () => {
    // Same case as 'mul_broadcast', but with the cotangent of x computed as ḡ·y instead of ḡ·conj(y).
    const c = fixture.cases.find((x) => x.name === 'mul_broadcast')!;
    const y = decode(c.inputs[1]!);
    const w = decode(c.weight!);
    // L = Re Σ conj(W)·x·y, so the correct x̄ = W·conj(y); the wrong convention gives conj of that.
    const wrong = T.conj(T.mul(w, T.conj(y)));
    expect(relErr(wrong.toTypedArray(), c.grads[0]!.data)).toBeGreaterThan(1e-3);
    const right = T.mul(w, T.conj(y));
    expect(relErr(right.toTypedArray(), c.grads[0]!.data)).toBeLessThanOrEqual(TOL);
  });

  it('reports the worst relative error over all cases', () => {
    let worst = 0;
    let worstName = '';
    for (const c of fixture.cases) {
      const { value, grads } = evaluate(c);
      const errs = [valueErr(value, c.value), ...grads.map((g, k) => relErr(g.toTypedArray(), c.grads[k]!.data))];
      const e = Math.max(...errs);
      if (e > worst) {
        worst = e;
        worstName = c.name;
      }
    }
    console.info(
      `torch reference: worst relative error ${worst.toExponential(2)} (${worstName}) over ${fixture.cases.length} cases`,
    );
    expect(worst).toBeLessThanOrEqual(TOL);
  });
});
