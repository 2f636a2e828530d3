/** Accept headers of manifest requests. */
/** the bare media types of Accept headers (parameters and q-values dropped, as distribution does) */
export function acceptedMediaTypes(headers: string | readonly string[] | undefined): string[] {
  const values = headers === undefined ? [] : typeof headers === 'string' ? [headers] : headers;
  return values
    .flatMap((value) => value.split(','))
    .map((part) => part.split(';')[0]!.trim().toLowerCase())
    .filter((type) => type !== '');
}
