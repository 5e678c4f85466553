#include "marginloss.h"
#include "vec/vec128.h"

int ml_build_uses_simd(void) {
#ifdef ML_VEC128_USES_SIMD /* not ML_VEC128_GENERIC: scalar lanes use no SIMD instructions */
  return 1;
#else
  return 0;
#endif
}
