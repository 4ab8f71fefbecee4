import type { SubmitFunction } from '@sveltejs/kit';

/**
 * `use:enhance={clearPasswordsOnFailure}`: the default enhanced submit, plus emptying the
 * password inputs when the server refuses the form, as a full page load (JavaScript off)
 * would. A typed password is never sent back by the server nor kept around.
 */
export const clearPasswordsOnFailure: SubmitFunction = ({ formElement }) => {
  return async ({ result, update }) => {
    await update();
    if (result.type === 'failure') {
      for (const input of formElement.querySelectorAll<HTMLInputElement>(
        'input[type="password"]',
      )) {
        input.value = '';
      }
    }
  };
};
