/** See ruby-preprocess.js: a Svelte markup preprocessor (a `PreprocessorGroup`). */
export function rubyPreprocess(): {
  name: string;
  markup: (options: { content: string; filename?: string }) => { code: string } | undefined;
};
