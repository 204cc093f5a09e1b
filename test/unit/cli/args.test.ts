import { strict as assert } from 'node:assert';
import { parseArgs, UsageError, type RunOptions } from '../../../src/cli/args';

describe('CLI flags: --max-memory', () => {
  it('takes a size as people write it', () => {
    assert.equal((parseArgs(['--max-memory', '256MB']) as RunOptions).maxMemoryBytes, 256 * 1024 * 1024);
    assert.equal((parseArgs(['--max-memory=1GB']) as RunOptions).maxMemoryBytes, 1024 ** 3);
    assert.equal((parseArgs([]) as RunOptions).maxMemoryBytes, undefined, 'unset: the engine default');
  });

  it('refuses what is not a size, or under 4 MB, saying what it wants', () => {
    for (const bad of ['lots', '2MB', '--json']) {
      assert.throws(() => parseArgs(['--max-memory', bad]), (e: unknown) => e instanceof UsageError && /--max-memory (must be a size of at least 4 MB such as 256MB or 1GB|needs a value)/.test(e.message), bad);
    }
  });
});
