// The error strict mode throws: a RangeError (the same class the target checks throw), carrying the
// whole diagnosis so callers can show the fix or branch on the convention.

export class LabelConventionError extends RangeError {
  constructor(diagnosis) {
    super(`${diagnosis.loss}: ${diagnosis.problem}; fix: ${diagnosis.fix} (labels: 'strict')`);
    this.name = 'LabelConventionError';
    this.diagnosis = diagnosis;
  }
}
