/** The words of a name, for the checks that read what a name says. */

/** Split a name in any convention: `DB_PASSWORD`, `githubToken`, `x-api-key`, `self.apiKey`, `APIKey`, `_convert_dict_to_message`. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}
