// The ids of the convention lab's cases (kept apart from lab.js so the state needs no charts).
export const LAB_CASE_IDS = ['soft', 'bce', 'mlsm', 'mlm', 'mlsmlist', 'ranking', 'hinge'];
