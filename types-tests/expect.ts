// Exact type assertions for the type tests: `expectType(value).is<T>()` compiles only when the value's
// type is T itself, not a subtype or a supertype of it; an `any` never passes.

// true when A and B are the same type: each is compared as a deferred conditional, which TypeScript
// relates only for identical types (unlike `extends`, which any and unions satisfy).
export type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends (<X>() => X extends B ? 1 : 2) ? true : false;

export function expectType<Actual>(value: Actual) {
  return {
    // A mismatch demands an argument that no call gives: "Expected 1 arguments, but got 0".
    is<Expected>(
      ...mismatch: Equal<Expected, Actual> extends true ? [] : [mismatch: { expected: Expected; got: Actual }]
    ): void {
      void value;
      void mismatch;
    },
  };
}
