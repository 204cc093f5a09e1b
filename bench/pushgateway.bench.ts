/**
 * Figure 5: one Pushgateway poll of 1,000 groups × 100 series — GET /api/v1/metrics, parse into PushGroups and
 * keep them as the poller's state (PushgatewayPoller.pollNow) — against GET /metrics of the same data as text
 * parsed by parse-prometheus-text-format, both over a keep-alive undici agent from a fixture server in a child
 * process (bench/pushgateway/fixtureServer.ts). The subject is the engine's own poller (engine.pushgateway).
 * Both parsers are also timed without HTTP, to show where the time goes.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { Engine } from '../src/core/engine';
import { parseMetricsApi } from '../src/core/pushgateway/pushGroup';
import { boundedRequest, newAgent } from '../src/core/scrape/boundedRequest';
import { pick, type Bench } from './lib/context';
import { interleave, median } from './lib/stats';
import { makeFixture } from './pushgateway/fixture';

const GOAL_MS = 250;

interface FixtureInfo {
  port: number;
  jsonBytes: number;
  textBytes: number;
  series: number;
}

export const pushgatewayBench: Bench = async (ctx) => {
  const groups = pick(ctx, 1000, 20);
  const seriesPerGroup = 100;
  const rounds = pick(ctx, 9, 1);
  const warmup = pick(ctx, 2, 1);

  const server = fork(join(__dirname, 'pushgateway', 'fixtureServer.js'), [String(groups), String(seriesPerGroup)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const info = await new Promise<FixtureInfo>((resolve, reject) => {
    server.once('message', (m) => resolve(m as FixtureInfo));
    server.once('exit', (code) => reject(new Error(`fixture server exited (${code})`)));
  });
  const base = `http://127.0.0.1:${info.port}`;
  // The engine's own poller (state → views, change → the store's 'pushgateway' topic), polled on demand.
  const engine = new Engine({ http: { enabled: false }, pushgateway: { url: base, timeoutMs: 60_000, pollIntervalMs: 3_600_000 } });
  const poller = engine.pushgateway;
  const agent = newAgent();
  try {
    const started = await engine.start();
    if (started.errors.length) throw new Error(started.errors.map((e) => e.message).join('; '));
    const subject = async () => {
      global.gc?.();
      const t = performance.now();
      const state = await poller.pollNow();
      const ms = performance.now() - t;
      if (state.health !== 'ok' || state.groups.length !== groups) throw new Error(`poll: ${state.health} ${state.message}, ${state.groups.length} groups`);
      return ms;
    };
    const baseline = async () => {
      global.gc?.();
      const t = performance.now();
      const res = await boundedRequest(`${base}/metrics`, { timeoutMs: 60_000, maxBodyBytes: 1 << 30, dispatcher: agent });
      const families = parsePrometheusTextFormat(res.body.toString('utf8'));
      const ms = performance.now() - t;
      if (families.length === 0) throw new Error('baseline parsed no families');
      return ms;
    };
    ctx.log(`${groups} groups × ${seriesPerGroup} series: JSON ${(info.jsonBytes / 2 ** 20).toFixed(1)} MB, text ${(info.textBytes / 2 ** 20).toFixed(1)} MB; ${rounds} rounds`);
    const r = await interleave(rounds, warmup, baseline, subject);

    // The same work without HTTP, on strings already in memory.
    const fixture = makeFixture(groups, seriesPerGroup);
    const parseOnly = await interleave(
      rounds,
      1,
      () => {
        const t = performance.now();
        parsePrometheusTextFormat(fixture.text);
        return performance.now() - t;
      },
      () => {
        const t = performance.now();
        parseMetricsApi(fixture.json);
        return performance.now() - t;
      },
    );
    const jsonParseMs: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t = performance.now();
      JSON.parse(fixture.json);
      jsonParseMs.push(performance.now() - t);
    }

    const subjectMs = median(r.subject);
    return [
      {
        figure: 5,
        id: 'pushgateway.poll',
        label: `Pushgateway poll, ${groups} groups × ${seriesPerGroup} series (time)`,
        unit: 'ms',
        subject: subjectMs,
        baseline: median(r.baseline),
        ratio: median(r.ratios),
        goal: `< ${GOAL_MS} ms`,
        met: ctx.smoke ? undefined : subjectMs < GOAL_MS,
        details: {
          subjectIs: 'engine.pushgateway.pollNow() (the engine\'s PushgatewayPoller): GET /api/v1/metrics + JSON.parse + parseMetricsApi + sort + state',
          baselineIs: 'GET /metrics (same data as text) + parse-prometheus-text-format',
          ratioMeans: 'subject time / baseline time (lower is faster)',
          series: info.series,
          jsonBytes: info.jsonBytes,
          textBytes: info.textBytes,
          rounds,
          warmup,
          samples: r,
          withoutHttp: {
            parseMetricsApiMs: median(parseOnly.subject),
            parsePrometheusTextFormatMs: median(parseOnly.baseline),
            jsonParseOnlyMs: median(jsonParseMs),
            samples: parseOnly,
          },
        },
      },
    ];
  } finally {
    await engine.dispose();
    await agent.destroy().catch(() => undefined);
    server.disconnect();
    server.kill();
  }
};
