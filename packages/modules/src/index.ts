export const registry = [];
