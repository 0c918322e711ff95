import type { LibraryFacets } from '@keepsake/shared';
import { useEffect, useState } from 'react';
import { filterField } from '~/components/form';
import { cameraValue, type FilterState, hasFilters, kindNames } from '~/lib/library-filter-params';
import { formatCount } from './format';

/** The Library's filter bar; the facets say what each choice holds. */
export function LibraryFilters({
  state,
  facets,
  onChange,
}: {
  state: FilterState;
  facets: LibraryFacets | undefined;
  onChange: (next: FilterState) => void;
}) {
  const set = (patch: Partial<FilterState>) => onChange({ ...state, ...patch });
  // The search waits for a pause in typing, so each keystroke is not a query.
  const [search, setSearch] = useState(state.q ?? '');
  useEffect(() => setSearch(state.q ?? ''), [state.q]);
  useEffect(() => {
    if (search === (state.q ?? '')) return;
    const timer = setTimeout(() => onChange({ ...state, q: search }), 300);
    return () => clearTimeout(timer);
  }, [search, state, onChange]);

  const countOf = (kind: string) => facets?.kinds.find((k) => k.kind === kind)?.count;
  return (
    <search>
      <form className="flex flex-wrap items-end gap-2" onSubmit={(e) => e.preventDefault()}>
        <label className="flex min-w-40 flex-1 flex-col text-xs text-stone-500">
          File name
          <input
            type="search"
            value={search}
            placeholder="IMG_1234"
            onChange={(e) => setSearch(e.target.value)}
            className={`${filterField} mt-0.5`}
          />
        </label>
        <label className="flex min-w-0 max-w-full flex-col text-xs text-stone-500">
          Type
          <select
            value={state.kind ?? ''}
            onChange={(e) => set({ kind: (e.target.value || undefined) as FilterState['kind'] })}
            className={`${filterField} mt-0.5`}
          >
            <option value="">Everything</option>
            {Object.entries(kindNames).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
                {countOf(value) !== undefined ? ` (${formatCount(countOf(value) ?? 0)})` : ''}
              </option>
            ))}
          </select>
        </label>
        <label className="flex min-w-0 max-w-full flex-col text-xs text-stone-500">
          Device
          <select
            value={state.device ?? ''}
            onChange={(e) => set({ device: e.target.value || undefined })}
            className={`${filterField} mt-0.5 max-w-48`}
          >
            <option value="">All devices</option>
            {facets?.devices.map((d) => (
              <option key={d.id ?? 'none'} value={d.id ?? 'none'}>
                {d.name} ({formatCount(d.count)})
              </option>
            ))}
          </select>
        </label>
        <label className="flex min-w-0 max-w-full flex-col text-xs text-stone-500">
          Camera
          <select
            value={state.camera ?? ''}
            onChange={(e) => set({ camera: e.target.value || undefined })}
            className={`${filterField} mt-0.5 max-w-48`}
          >
            <option value="">All cameras</option>
            {facets?.cameras.map((c) => (
              <option key={cameraValue(c.make, c.model)} value={cameraValue(c.make, c.model)}>
                {[c.make, c.model].filter(Boolean).join(' ')} ({formatCount(c.count)})
              </option>
            ))}
          </select>
        </label>
        <label className="flex min-w-0 max-w-full flex-col text-xs text-stone-500">
          From
          <input
            type="date"
            value={state.from ?? ''}
            max={state.to}
            onChange={(e) => set({ from: e.target.value || undefined })}
            className={`${filterField} mt-0.5`}
          />
        </label>
        <label className="flex min-w-0 max-w-full flex-col text-xs text-stone-500">
          To
          <input
            type="date"
            value={state.to ?? ''}
            min={state.from}
            onChange={(e) => set({ to: e.target.value || undefined })}
            className={`${filterField} mt-0.5`}
          />
        </label>
        {hasFilters(state) && (
          <button
            type="button"
            onClick={() => onChange({})}
            className="rounded-md px-2 py-1.5 text-sm text-sky-700 underline dark:text-sky-400"
          >
            Clear filters
          </button>
        )}
      </form>
    </search>
  );
}
