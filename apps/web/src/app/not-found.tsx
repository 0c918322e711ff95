export default function NotFound() {
  return (
    <main className="mx-auto max-w-md p-8 text-center">
      <h1 className="text-xl font-semibold">Nothing here</h1>
      <p className="mt-2 text-stone-500">
        This page does not exist.{' '}
        <a className="underline" href="/">
          Go to your library
        </a>
        .
      </p>
    </main>
  );
}
