/**
 * Type-level test (checked by `tsc -p packages/tape`, i.e. the suite's typecheck step; the runtime
 * part only confirms the same rules work): `defineRule` flows the forward's output tuple into the
 * backward's and jvp's `ctx.outputs` and into the cotangents, so two-output rules need no cast.
 */
import * as T from '@svd/tensor';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { type RuleContext, type Var, add, backward, defineRule, mul, variable } from '../src/index.js';

describe('RuleContext outputs are typed from forward', () => {
  it('two outputs: ctx.outputs is readonly [Var, Var], cotangents readonly [Var | null, Var | null]', () => {
    const pair = defineRule({
      name: 'pair',
      forward: (x: T.Tensor) => [T.mul(x, x), T.mul(x, 3)],
      backward: (cts, ctx) => {
        expectTypeOf(ctx.outputs).toEqualTypeOf<readonly [Var, Var]>();
        expectTypeOf(cts).toEqualTypeOf<readonly [Var | null, Var | null]>();
        const [gy, gz] = cts;
        const [y] = ctx.outputs;
        expectTypeOf(y).toEqualTypeOf<Var>();
        const x = ctx.inputs[0]!;
        return add(gy ? mul(gy, mul(x, 2)) : T.zerosLike(x.value), gz ? mul(gz, 3) : T.zerosLike(x.value));
      },
      jvp: (_tangents, ctx) => {
        expectTypeOf(ctx).toEqualTypeOf<RuleContext<unknown, readonly [Var, Var]>>();
        return [null, null];
      },
    });
    const x = variable(T.tensor([1, 2]));
    const [y, z] = pair(x);
    expectTypeOf(pair(x)).toEqualTypeOf<[Var, Var]>();
    backward([y, z], [T.tensor([1, 1]), T.tensor([1, 0])]);
    // d(x²)/dx·1 + d(3x)/dx·[1, 0] = [2·1 + 3, 2·2 + 0]
    expect(Array.from(x.grad!.toTypedArray())).toEqual([5, 4]);
  });

  it('one output: ctx.outputs is readonly [Var]; with saved data the tuple still flows', () => {
    defineRule({
      name: 'single',
      forward: (x: T.Tensor) => T.mul(x, 2),
      backward: (cts, ctx) => {
        expectTypeOf(ctx.outputs).toEqualTypeOf<readonly [Var]>();
        expectTypeOf(cts).toEqualTypeOf<readonly [Var | null]>();
        return cts[0] ? mul(cts[0], 2) : null;
      },
    });
    const triple = defineRule({
      name: 'triple',
      forward: (x: T.Tensor) => ({ outputs: [x, x, x], saved: { n: 3 } }),
      backward: (cts, ctx) => {
        expectTypeOf(ctx.outputs).toEqualTypeOf<readonly [Var, Var, Var]>();
        return cts[0];
      },
    });
    expect(triple(variable(T.tensor([1]))).length).toBe(3);
  });

  it('a forward typed as a plain array gives plain arrays', () => {
    defineRule({
      name: 'many',
      forward: (x: T.Tensor): T.Tensor[] => [x],
      backward: (cts, ctx) => {
        expectTypeOf(ctx.outputs).toEqualTypeOf<readonly Var[]>();
        return cts[0] ?? null;
      },
    });
  });
});
