#include "marginloss.h"

const char *ml_status_name(int status) {
  switch (status) {
    case ML_OK: return "ML_OK";
    case ML_ERR_NULL_POINTER: return "ML_ERR_NULL_POINTER";
    case ML_ERR_BAD_REDUCTION: return "ML_ERR_BAD_REDUCTION";
    case ML_ERR_BAD_P: return "ML_ERR_BAD_P";
    case ML_ERR_TARGET_OUT_OF_RANGE: return "ML_ERR_TARGET_OUT_OF_RANGE";
    case ML_ERR_BAD_SIZE: return "ML_ERR_BAD_SIZE";
    case ML_ERR_BAD_LABEL_SMOOTHING: return "ML_ERR_BAD_LABEL_SMOOTHING";
    case ML_ERR_BAD_MARGIN: return "ML_ERR_BAD_MARGIN";
    case ML_ERR_BAD_PHASE: return "ML_ERR_BAD_PHASE";
    case ML_ERR_BAD_EPS: return "ML_ERR_BAD_EPS";
  }
  return "ML_ERR_UNKNOWN";
}
