import { type Tensor, isTensor } from '@svd/tensor';
import { applyRule } from './defineRule.js';
import { RuleError } from './errors.js';
import { enableGrad } from './gradMode.js';
import { type Var, asVar, isVar } from './Var.js';

/*
 * The rule contract lets a pullback (or a jvp) return plain Tensors: enough for first
 * derivatives. But the tape then never saw how those values depend on the cotangents and on
 * the rule's inputs, so differentiating them again (grad of grad, hvp, forward mode by
 * transposing the pullback) would silently give zero. When a derivative pass records its own
 * work, such results are therefore wrapped as outputs of a guard node that depends on
 * everything they could depend on, and whose backward throws a RuleError naming the rule —
 * PyTorch's `once_differentiable` does the same. Nothing is thrown unless a derivative actually
 * has to go through the guard.
 */

function guardMessage(what: 'pullback' | 'jvp', kinds: readonly string[], labels: readonly string[]): string {
  const which = labels.join(', ');
  const returned = kinds.includes('Var')
    ? 'values the tape did not record (plain Tensors, or Vars computed under noGrad or from .value)'
    : 'plain Tensors';
  if (what === 'pullback') {
    return (
      `its pullback returned ${returned} for ${which}, so it can be differentiated only once (like PyTorch's once_differentiable). ` +
      'A second derivative (grad of grad, hvp, backward with createGraph) or forward mode (jvp) through a rule without a `jvp` ' +
      'field has to differentiate that pullback: write it with tape ops on the cotangents and ctx.inputs / ctx.outputs, ' +
      'or give the rule a `jvp` for forward mode'
    );
  }
  return (
    `its jvp returned ${returned} for ${which}, so the tangents cannot be differentiated again ` +
    '(a derivative of jvp needs them): write the jvp with tape ops on the tangents and ctx.inputs / ctx.outputs'
  );
}

/**
 * Lifts the checked results of a rule's pullback (`what` = 'pullback': one per input) or jvp
 * (one per output) to Vars while a derivative pass is being recorded. `linear` are what the
 * results are linear in (the output cotangents, or the input tangents), `inputs` the rule's
 * inputs. An entry the tape cannot differentiate — a plain Tensor while anything it may depend
 * on is tracked, or an untracked Var while a cotangent it is linear in is tracked — becomes an
 * output of a guard node whose backward throws a RuleError naming the rule.
 */
export function guardOnceDifferentiable(
  rule: string,
  what: 'pullback' | 'jvp',
  results: readonly (Var | Tensor | null)[],
  linear: readonly (Var | null)[],
  inputs: readonly Var[],
): (Var | null)[] {
  const trackedLinear = linear.filter((v): v is Var => v?.requiresGrad === true);
  const deps = [...new Set([...trackedLinear, ...inputs.filter((v) => v.requiresGrad)])];
  const lost = results.map((c) => {
    if (c === null) return null;
    if (isTensor(c)) return deps.length > 0 ? 'Tensor' : null;
    return isVar(c) && !c.requiresGrad && trackedLinear.length > 0 ? 'Var' : null;
  });
  const idx = lost.flatMap((k, i) => (k === null ? [] : [i]));
  if (idx.length === 0) return results.map((c) => (c === null ? null : asVar(c)));
  const noun = what === 'pullback' ? 'argument' : 'output';
  const message = guardMessage(
    what,
    idx.map((i) => lost[i]!),
    idx.map((i) => `${noun} ${i}`),
  );
  const values = idx.map((i) => {
    const c = results[i]!;
    return isTensor(c) ? c : c.value;
  });
  const guarded = enableGrad(() =>
    applyRule(
      {
        name: `${rule} (${what} differentiated only once)`,
        forward: () => values,
        backward: () => {
          throw new RuleError(rule, message);
        },
      },
      deps,
    ),
  ) as Var[];
  const out: (Var | null)[] = results.map((c) => (c === null ? null : asVar(c)));
  idx.forEach((i, k) => {
    out[i] = guarded[k]!;
  });
  return out;
}
