// The baselines and the dashboard scenario use programs from Debian packages (nginx,
// vipsthumbnail, Chromium). A fresh machine has none of them: they are installed the way
// `npm test` installs its own (apt-get, as root), or the scenario says what is missing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The first of `candidates` that exists: absolute paths, or names looked up on PATH. */
function find(candidates) {
  const dirs = (process.env.PATH ?? '').split(path.delimiter);
  for (const candidate of candidates) {
    if (path.isAbsolute(candidate)) {
      if (fs.existsSync(candidate)) return candidate;
    } else {
      const found = dirs.map((dir) => path.join(dir, candidate)).find((file) => fs.existsSync(file));
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * The program from Debian's `debianPackage`, installed with apt-get when it is missing and we
 * are root (the package index is refreshed once if the first attempt fails: a fresh machine has
 * none). Returns `{ binary }`, or `{ reason }` saying why there is none.
 */
export function debianProgram(debianPackage, candidates) {
  const found = find(candidates);
  if (found) return { binary: found };
  if (process.getuid?.() !== 0 || !fs.existsSync('/usr/bin/apt-get')) {
    return { reason: `${candidates[0]} is missing: install Debian's ${debianPackage} package` };
  }
  console.log(`  installing Debian's ${debianPackage} (apt-get install ${debianPackage})…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '-q', debianPackage], { env, stdio: 'ignore' }).status;
  let status = install();
  if (status !== 0) {
    spawnSync('apt-get', ['update', '-q'], { env, stdio: 'ignore' });
    status = install();
  }
  const installed = find(candidates);
  return installed
    ? { binary: installed }
    : { reason: `apt-get install ${debianPackage} failed (exit ${status})` };
}
