/**
 * Shared by the jvp tests: reaching a rule's spec through a tracked output, re-wrapping it for
 * gradcheck's checkRule, and the real inner product of cotangents.
 */
import { type checkRule, formatRuleReport } from '@svd/gradcheck';
import { type Rule, type RuleSpec, type Var, constant, defineRule, variable } from '@svd/tape';
import * as T from '@svd/tensor';
import { expect } from 'vitest';

/** The rule spec behind a tracked output (the ops-svd rules are not exported themselves). */
export function specOf(out: Var): RuleSpec {
  const spec = out.node?.spec;
  if (!spec) throw new Error('no rule behind this Var');
  return spec;
}

/** Re-wraps a spec as a Rule; `symmetrize` feeds the forward (X + Xᴴ)/2 (eigh and cholesky read one triangle). */
export function asRule(spec: RuleSpec, symmetrize = false): Rule {
  if (!symmetrize) return defineRule(spec);
  return defineRule({
    ...spec,
    name: `${spec.name}∘hermitianPart`,
    forward: (a: T.Tensor) => spec.forward(T.scale(T.add(a, T.adjoint(a)), 0.5)),
  });
}

/** Σ Re⟨a_i, b_i⟩ = Σ Re tr(a_iᴴ b_i) over paired tensors (nulls count as 0): the real inner product of cotangents. */
export function inner(as: readonly (Var | T.Tensor | null)[], bs: readonly (Var | T.Tensor | null)[]): number {
  let s = 0;
  as.forEach((a, i) => {
    const b = bs[i];
    if (!a || !b) return;
    const x = a instanceof T.Tensor ? a : a.value;
    const y = b instanceof T.Tensor ? b : b.value;
    s += T.sum(T.real(T.mul(T.conj(x), y))).item();
  });
  return s;
}

/** The context a rule's backward/jvp sees, built from a forward on plain values. */
export function contextOf(spec: RuleSpec, A: T.Tensor) {
  const raw = spec.forward(A);
  const outs = (Array.isArray(raw) ? raw : [raw]) as T.Tensor[];
  return { name: spec.name, inputs: [variable(A)], outputs: outs.map((o) => constant(o)), saved: undefined };
}

/** checkRule passed, and it really compared the jvp (against FD and for adjointness). */
export function expectAllChecksPass(report: ReturnType<typeof checkRule>): void {
  if (!report.ok) throw new Error(formatRuleReport(report));
  const names = report.checks.map((c) => c.name);
  expect(names).toContain('jvp vs finite differences');
  expect(names).toContain('jvp adjoint to pullback');
}
