/**
 * ESLint rule `spamgraph/library-face`: from outside a library folder (feature-store/,
 * models/), a relative import must land on the library's index, or, in tests, on its testing
 * helpers. The specifier is resolved against the importing file, so `../feature-store/server`
 * from `subgraphs/testing/` (the subgraph, not the library) is told apart from the library.
 */
import path from 'node:path';

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'import a library through its index.ts only' },
    schema: [
      {
        type: 'object',
        properties: { libraries: { type: 'array', items: { type: 'string' } } },
        additionalProperties: false,
      },
    ],
    messages: {
      deep: 'import {{lib}}/ through its index.ts (its public face), not {{target}}',
    },
  },
  create(context) {
    const libraries = context.options[0]?.libraries ?? [];
    const root = context.cwd;
    const file = path.relative(root, context.filename);
    const own = libraries.find((lib) => file.startsWith(`${lib}/`));
    const check = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = path.relative(root, path.resolve(path.dirname(context.filename), spec));
      for (const lib of libraries) {
        if (lib === own || !target.startsWith(`${lib}/`)) continue;
        const rest = target.slice(lib.length + 1);
        if (rest === 'index' || rest === 'testing' || rest.startsWith('testing/')) continue;
        context.report({ node: node.source, messageId: 'deep', data: { lib, target } });
      }
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};
