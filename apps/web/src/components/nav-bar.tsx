import Link from 'next/link';

const links = [
  { href: '/', label: 'Overview' },
  { href: '/library/', label: 'Library' },
  { href: '/activity/', label: 'Activity' },
  { href: '/failures/', label: 'Failures' },
  { href: '/devices/', label: 'Devices' },
  { href: '/settings/', label: 'Settings' },
] as const;

/** The dashboard's navigation; `failures` puts a count beside Failures when something needs a look. */
export function NavBar({ pathname, failures }: { pathname: string; failures: number }) {
  const isActive = (href: string) => (href === '/' ? pathname === '/' : pathname.startsWith(href));
  return (
    <nav aria-label="Main" className="-mx-1 flex min-w-0 gap-1 overflow-x-auto text-sm">
      {links.map((link) => (
        <Link
          key={link.href}
          href={link.href}
          // Prefetching every page on arrival took the connections the first screen's data and
          // thumbnails need; a page's own files load on the click instead (a few ms on a LAN).
          prefetch={false}
          aria-current={isActive(link.href) ? 'page' : undefined}
          className="flex shrink-0 items-center gap-1.5 rounded-md px-2.5 py-1.5 text-stone-600 hover:bg-stone-200/70 hover:text-stone-900 aria-[current=page]:bg-stone-900 aria-[current=page]:text-white dark:text-stone-400 dark:hover:bg-stone-800 dark:hover:text-stone-100 dark:aria-[current=page]:bg-stone-100 dark:aria-[current=page]:text-stone-900"
        >
          {link.label}
          {link.href === '/failures/' && failures > 0 && (
            <span
              className="rounded-full bg-red-600 px-1.5 text-xs font-semibold text-white"
              role="status"
              aria-label={`${failures} failures`}
            >
              {failures > 99 ? '99+' : failures}
            </span>
          )}
        </Link>
      ))}
    </nav>
  );
}
