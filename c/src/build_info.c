#include "marginloss.h"
#include "vec/vec128.h"

int ml_build_uses_simd(void) {
#ifdef ML_HAVE_VEC128
  return 1;
#else
  return 0;
#endif
}
