import { modelNameFromV1, modelNamesForV1DisplayName, v1DisplayName } from '../../src/util/v1-names';

describe('V1 repository names', () => {
  test('a single-component model name is shown in the library namespace', () => {
    expect(v1DisplayName('busybox')).toBe('library/busybox');
  });

  test('names with a namespace are shown unchanged', () => {
    expect(v1DisplayName('acme/web')).toBe('acme/web');
    expect(v1DisplayName('library/busybox')).toBe('library/busybox');
    expect(v1DisplayName('a/b/c')).toBe('a/b/c');
  });

  test('the library namespace maps back to the bare model name', () => {
    expect(modelNameFromV1('library', 'busybox')).toBe('busybox');
    expect(modelNameFromV1('acme', 'web')).toBe('acme/web');
    expect(modelNameFromV1('a', 'b/c')).toBe('a/b/c');
  });

  test('a display name and back give the model name for V1-shaped names', () => {
    for (const name of ['busybox', 'acme/web']) {
      const display = v1DisplayName(name);
      const slash = display.indexOf('/');
      expect(modelNameFromV1(display.slice(0, slash), display.slice(slash + 1))).toBe(name);
    }
  });

  test('every model name shown under a display name', () => {
    expect(modelNamesForV1DisplayName('library/busybox')).toEqual(['busybox', 'library/busybox']);
    expect(modelNamesForV1DisplayName('acme/web')).toEqual(['acme/web']);
    expect(modelNamesForV1DisplayName('busybox')).toEqual([]);
    // `a/b` is shown as itself, not under library/
    expect(modelNamesForV1DisplayName('library/a/b')).toEqual(['library/a/b']);
    for (const display of ['library/busybox', 'acme/web', 'library/a/b']) {
      for (const name of modelNamesForV1DisplayName(display)) expect(v1DisplayName(name)).toBe(display);
    }
  });
});
