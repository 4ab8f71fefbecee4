/**
 * Svelte markup preprocessor behind the ふりがな switch: every `{tr(…)}` or `{t(…)}` in text
 * position (not in attributes, <title>, <option> or <textarea>, where markup cannot go) becomes
 * `<Rb text={tr(…)} />`, which renders the string with ruby when the reader asked for it.
 * So pages keep writing `{tr('key')}` and get ふりがな without per-page work.
 */
import { parse } from 'svelte/compiler';

const COMPONENT = 'SasaeaiRuby';
const IMPORT = `import ${COMPONENT} from '$lib/components/Rb.svelte';`;
const TRANSLATORS = new Set(['tr', 't']);
const NO_MARKUP = new Set(['option', 'textarea', 'title', 'script', 'style', 'svg', 'rt', 'rp']);

/** The child fragments of a template node that may hold text. */
function childFragments(node) {
  switch (node.type) {
    case 'RegularElement':
      return NO_MARKUP.has(node.name) ? [] : [node.fragment];
    case 'Component':
    case 'SvelteComponent':
    case 'SvelteElement':
    case 'SvelteFragment':
    case 'SvelteBoundary':
    case 'KeyBlock':
      return [node.fragment];
    case 'IfBlock':
      return [node.consequent, node.alternate];
    case 'EachBlock':
      return [node.body, node.fallback];
    case 'AwaitBlock':
      return [node.pending, node.then, node.catch];
    case 'SnippetBlock':
      return [node.body];
    default:
      // SvelteHead, TitleElement, text, tags: nothing to annotate inside.
      return [];
  }
}

function collect(fragment, out) {
  if (!fragment) return;
  for (const node of fragment.nodes) {
    if (
      node.type === 'ExpressionTag' &&
      node.expression.type === 'CallExpression' &&
      node.expression.callee.type === 'Identifier' &&
      TRANSLATORS.has(node.expression.callee.name)
    ) {
      out.push(node);
    }
    for (const child of childFragments(node)) collect(child, out);
  }
}

export function rubyPreprocess() {
  return {
    name: 'ruby',
    markup({ content, filename }) {
      if (!filename?.endsWith('.svelte') || filename.endsWith('/Rb.svelte')) return undefined;
      if (!/\{\s*tr?\(/.test(content)) return undefined;
      const ast = parse(content, { modern: true });
      if (!ast.instance) return undefined;
      const tags = [];
      collect(ast.fragment, tags);
      if (tags.length === 0) return undefined;
      const edits = tags.map((tag) => ({
        start: tag.start,
        end: tag.end,
        text: `<${COMPONENT} text={${content.slice(tag.expression.start, tag.expression.end)}} />`,
      }));
      // The import goes first in the instance script, right after its opening tag.
      const at = ast.instance.content.start;
      edits.push({ start: at, end: at, text: `\n${IMPORT}` });
      let code = content;
      for (const edit of edits.sort((a, b) => b.start - a.start)) {
        code = `${code.slice(0, edit.start)}${edit.text}${code.slice(edit.end)}`;
      }
      return { code };
    },
  };
}
