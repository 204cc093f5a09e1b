import { strict as assert } from 'node:assert';
import { familyName, sanitizeMetricName, unitSuffix } from '../../../../src/core/export/naming';

describe('Prometheus metric names', () => {
  it('replaces characters outside [a-zA-Z0-9_:] with _ and collapses runs of _', () => {
    assert.equal(sanitizeMetricName('http.server.request.duration'), 'http_server_request_duration');
    assert.equal(sanitizeMetricName('(lambda).function.executions(#)'), '_lambda_function_executions_');
    assert.equal(sanitizeMetricName('a..b__c-d'), 'a_b_c_d');
    assert.equal(sanitizeMetricName('job:rate5m'), 'job:rate5m');
    assert.equal(sanitizeMetricName('2xx.responses'), '_2xx_responses');
    assert.equal(sanitizeMetricName('größe'), 'gr_e');
  });

  it('spells out UCUM units as the specification maps them', () => {
    const cases: [string, string][] = [
      ['s', 'seconds'],
      ['ms', 'milliseconds'],
      ['us', 'microseconds'],
      ['ns', 'nanoseconds'],
      ['min', 'minutes'],
      ['h', 'hours'],
      ['d', 'days'],
      ['By', 'bytes'],
      ['KiBy', 'kibibytes'],
      ['MBy', 'megabytes'],
      ['Cel', 'celsius'],
      ['Hz', 'hertz'],
      ['%', 'percent'],
      ['By/s', 'bytes_per_second'],
      ['m/s', 'meters_per_second'],
      ['{packet}/s', 'per_second'],
      ['{request}', ''],
      ['', ''],
      ['packets', 'packets'],
      ['foo-bar', 'foobar'],
    ];
    for (const [unit, word] of cases) assert.equal(unitSuffix(unit, 'gauge'), word, unit);
  });

  it('writes unit 1 as _ratio on gauges only', () => {
    assert.equal(familyName('system.cpu.utilization', '1', 'gauge'), 'system_cpu_utilization_ratio');
    assert.equal(familyName('app.retries', '1', 'counter'), 'app_retries_total');
    assert.equal(familyName('app.sizes', '1', 'histogram'), 'app_sizes');
  });

  it('adds the unit before _total, once, and _total once', () => {
    assert.equal(familyName('http.server.request.duration', 's', 'histogram'), 'http_server_request_duration_seconds');
    assert.equal(familyName('app.requests', '{request}', 'counter'), 'app_requests_total');
    assert.equal(familyName('app.requests_total', '', 'counter'), 'app_requests_total');
    assert.equal(familyName('io.read', 'By', 'counter'), 'io_read_bytes_total');
    assert.equal(familyName('io.read_bytes', 'By', 'counter'), 'io_read_bytes_total');
    assert.equal(familyName('io.read_bytes_total', 'By', 'counter'), 'io_read_bytes_total');
    assert.equal(familyName('cpu.time_total', 's', 'counter'), 'cpu_time_seconds_total');
    assert.equal(familyName('memory.usage', 'By', 'gauge'), 'memory_usage_bytes');
    assert.equal(familyName('queue.', 'ms', 'gauge'), 'queue_milliseconds');
    assert.equal(familyName('total', '', 'counter'), 'total');
  });

  it('keeps a gauge named like a counter as it is', () => {
    assert.equal(familyName('requests_total', '', 'gauge'), 'requests_total');
  });
});
