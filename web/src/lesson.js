// The guided lesson (placeholder until the lesson lands): renders nothing.
export function createLesson() {
  return { render() {}, measure() {} };
}
