import { describe, expect, it } from 'vitest';
import { filterParams, readFilterState, toLibraryFilter } from './library-filter-params';

describe('library filter params', () => {
  it('round-trips through the address and ignores what it cannot use', () => {
    const params = new URLSearchParams(
      'kind=video&device=none&from=2026-06-01&to=bad&camera=Apple|iPhone%2015&q=IMG&x=1',
    );
    const state = readFilterState(params);
    expect(state).toEqual({
      kind: 'video',
      device: 'none',
      from: '2026-06-01',
      camera: 'Apple|iPhone 15',
      q: 'IMG',
    });
    expect(readFilterState(filterParams(state))).toEqual(state);
    expect(readFilterState(new URLSearchParams('kind=selfie'))).toEqual({});
  });

  it("turns local days into the API's range, the end day included", () => {
    const filter = toLibraryFilter({
      from: '2026-06-01',
      to: '2026-06-01',
      device: 'none',
      camera: '|EOS R6',
    });
    expect(filter.from).toBe(new Date(2026, 5, 1).toISOString());
    expect(filter.to).toBe(new Date(2026, 5, 2).toISOString());
    expect(filter.deviceId).toBeNull();
    expect([filter.make, filter.model]).toEqual(['', 'EOS R6']);
  });
});
