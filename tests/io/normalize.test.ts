import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeEvent } from '../../host/io/normalize.js';
import type { FlatEvent } from '../../host/io/event.js';

const cases: Array<{ name: string; input: unknown; expected: FlatEvent | null }> = [
  {
    name: 'fields named like Object.prototype members are kept',
    input: { constructor: 'x', toString: 'y', hasOwnProperty: 1 },
    expected: { constructor: 'x', toString: 'y', hasOwnProperty: 1 },
  },
  {
    // Shape of the WMI-Activity 5858 regression case (evtx_dump), trimmed.
    name: 'evtx_dump: the fields of UserData\'s one element are hoisted',
    input: { Event: { System: { EventID: 5858, Channel: 'Microsoft-Windows-WMI-Activity/Operational' }, UserData: { Operation_ClientFailure: { '#attributes': { xmlns: 'x' }, Operation: 'Start', ResultCode: '0x80041003' } } } },
    expected: { EventID: 5858, Channel: 'Microsoft-Windows-WMI-Activity/Operational', '#attributes.xmlns': 'x', Operation: 'Start', ResultCode: '0x80041003' },
  },
  {
    name: 'flat: scalars keep their JSON type, no coercion',
    input: { EventID: 3, Channel: 'Microsoft-Windows-Sysmon/Operational', DestinationPort: '587', SourcePort: 50385, Initiated: 'true', Signed: true, RuleName: null, Keywords: -9223372036854775808 },
    expected: { EventID: 3, Channel: 'Microsoft-Windows-Sysmon/Operational', DestinationPort: '587', SourcePort: 50385, Initiated: 'true', Signed: true, RuleName: null, Keywords: -9223372036854775808 },
  },
  {
    name: 'flat: EventID as a digit string stays a string',
    input: { EventID: '3', Image: 'a.exe' },
    expected: { EventID: '3', Image: 'a.exe' },
  },
  {
    name: 'flat: other nested objects become dotted keys, arrays JSON text',
    input: { user: { name: 'SYSTEM', ids: [1, 2] }, tags: ['a', 'b'], deep: { a: { b: 'c' } } },
    expected: { 'user.name': 'SYSTEM', 'user.ids': '[1,2]', tags: '["a","b"]', 'deep.a.b': 'c' },
  },
  {
    name: 'flat NXLog: Hostname gives Computer when Computer is missing',
    input: { Hostname: 'WORKSTATION5', EventID: 3, SourceName: 'Microsoft-Windows-Sysmon' },
    expected: { Hostname: 'WORKSTATION5', EventID: 3, SourceName: 'Microsoft-Windows-Sysmon', Computer: 'WORKSTATION5' },
  },
  {
    // Shape of empire_invoke_runas.tar.gz (Winlogbeat 6.7), trimmed.
    name: 'winlogbeat 6.x: event_data hoisted, System aliases added',
    input: {
      '@timestamp': '2019-05-18T20:42:59.045Z', computer_name: 'HR001.shire.com', event_id: 3, process_id: 2440,
      event_data: { DestinationPort: '443', Initiated: 'true', Image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe' },
      record_number: '2237774', user: { name: 'SYSTEM', domain: 'NT AUTHORITY' }, source_name: 'Microsoft-Windows-Sysmon',
      host: { name: 'WECserver' }, log_name: 'Microsoft-Windows-Sysmon/Operational',
    },
    expected: {
      '@timestamp': '2019-05-18T20:42:59.045Z', computer_name: 'HR001.shire.com', event_id: 3, process_id: 2440,
      record_number: '2237774', 'user.name': 'SYSTEM', 'user.domain': 'NT AUTHORITY', source_name: 'Microsoft-Windows-Sysmon',
      'host.name': 'WECserver', log_name: 'Microsoft-Windows-Sysmon/Operational',
      DestinationPort: '443', Initiated: 'true', Image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      EventID: 3, Channel: 'Microsoft-Windows-Sysmon/Operational', Provider: 'Microsoft-Windows-Sysmon', Computer: 'HR001.shire.com', EventRecordID: '2237774',
    },
  },
  {
    name: 'winlogbeat 7+: winlog.event_data hoisted, winlog.* aliases added',
    input: {
      winlog: { event_id: '3', channel: 'Microsoft-Windows-Sysmon/Operational', provider_name: 'Microsoft-Windows-Sysmon', computer_name: 'ws1', record_id: 42, event_data: { DestinationPort: '25', Initiated: 'true' } },
      host: { hostname: 'ws1' },
    },
    expected: {
      'winlog.event_id': '3', 'winlog.channel': 'Microsoft-Windows-Sysmon/Operational', 'winlog.provider_name': 'Microsoft-Windows-Sysmon', 'winlog.computer_name': 'ws1', 'winlog.record_id': 42,
      'host.hostname': 'ws1', DestinationPort: '25', Initiated: 'true',
      EventID: '3', Channel: 'Microsoft-Windows-Sysmon/Operational', Provider: 'Microsoft-Windows-Sysmon', Computer: 'ws1', EventRecordID: 42,
    },
  },
  {
    // Shape of sigma regression_data/**/*.json (evtx_dump), trimmed.
    name: 'evtx_dump: Event.EventData and Event.System hoisted, Provider from #attributes',
    input: {
      Event: {
        '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
        System: {
          Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon', Guid: '5770385F-C22A-43E0-BF4C-06F5698FFBD9' } },
          EventID: 7, Level: 4, Keywords: '0x8000000000000000',
          TimeCreated: { '#attributes': { SystemTime: '2025-11-27T07:40:10.165324Z' } },
          EventRecordID: 571146, Correlation: null,
          Execution: { '#attributes': { ProcessID: 3544, ThreadID: 4272 } },
          Channel: 'Microsoft-Windows-Sysmon/Operational', Computer: 'swachchhanda',
        },
        EventData: { ProcessId: 4460, Image: 'C:\\Windows\\System32\\WerFaultSecure.exe', Signed: 'true' },
      },
    },
    expected: {
      'Event.#attributes.xmlns': 'http://schemas.microsoft.com/win/2004/08/events/event',
      'Provider.#attributes.Name': 'Microsoft-Windows-Sysmon', 'Provider.#attributes.Guid': '5770385F-C22A-43E0-BF4C-06F5698FFBD9',
      EventID: 7, Level: 4, Keywords: '0x8000000000000000', 'TimeCreated.#attributes.SystemTime': '2025-11-27T07:40:10.165324Z',
      EventRecordID: 571146, Correlation: null, 'Execution.#attributes.ProcessID': 3544, 'Execution.#attributes.ThreadID': 4272,
      Channel: 'Microsoft-Windows-Sysmon/Operational', Computer: 'swachchhanda',
      ProcessId: 4460, Image: 'C:\\Windows\\System32\\WerFaultSecure.exe', Signed: 'true',
      Provider: 'Microsoft-Windows-Sysmon', TimeCreated: '2025-11-27T07:40:10.165324Z',
    },
  },
  {
    name: 'evtx_dump separate attributes and EventID with Qualifiers',
    input: { Event: { System: { Provider_attributes: { Name: 'EventLog' }, EventID: { '#attributes': { Qualifiers: 32768 }, '#text': 6009 }, Channel: 'System' }, EventData: null } },
    expected: {
      'Provider_attributes.Name': 'EventLog', 'EventID.#attributes.Qualifiers': 32768, 'EventID.#text': 6009, Channel: 'System', 'Event.EventData': null,
      EventID: 6009, Provider: 'EventLog',
    },
  },
  {
    // Shape of the Log4Shell Sentinel WindowsEvent rows, trimmed.
    name: 'Sentinel: EventData JSON string parsed and merged; plain fields win',
    input: { Provider: 'Microsoft-Windows-Sysmon', Channel: 'Microsoft-Windows-Sysmon/Operational', Computer: 'WORKSTATION5', Task: 1, EventID: 3, EventData: '{"Task":"x","DestinationPort":"8080","Initiated":"false"}' },
    expected: { Provider: 'Microsoft-Windows-Sysmon', Channel: 'Microsoft-Windows-Sysmon/Operational', Computer: 'WORKSTATION5', Task: 1, EventID: 3, DestinationPort: '8080', Initiated: 'false' },
  },
  {
    name: 'Sentinel: EventData string that is not JSON stays as it is',
    input: { EventID: 3, EventData: '{not json' },
    expected: { EventID: 3, EventData: '{not json' },
  },
  {
    name: 'EventData object: its keys',
    input: { EventID: 1, EventData: { CommandLine: 'cmd /c x' } },
    expected: { EventID: 1, CommandLine: 'cmd /c x' },
  },
  {
    name: 'canonical names win over aliases and hoisted fields',
    input: { EventID: 1, event_id: 3, Channel: 'Security', log_name: 'System', Provider: 'P', source_name: 'S', Computer: 'C', computer_name: 'c2', Hostname: 'h', event_data: { Channel: 'inner', Image: 'i' } },
    expected: { EventID: 1, event_id: 3, Channel: 'Security', log_name: 'System', Provider: 'P', source_name: 'S', Computer: 'C', computer_name: 'c2', Hostname: 'h', Image: 'i' },
  },
  {
    name: 'alias order: winlog.computer_name before Hostname',
    input: { Hostname: 'h', winlog: { computer_name: 'w' } },
    expected: { Hostname: 'h', 'winlog.computer_name': 'w', Computer: 'w' },
  },
  { name: 'not an object: array', input: [{ EventID: 1 }], expected: null },
  { name: 'not an object: string', input: 'EventID', expected: null },
  { name: 'not an object: null', input: null, expected: null },
];

for (const c of cases) {
  test(`normalizeEvent: ${c.name}`, () => {
    assert.deepStrictEqual(normalizeEvent(c.input), c.expected);
  });
}

test('normalizeEvent: a __proto__ key from JSON.parse does not touch the prototype', () => {
  const ev = normalizeEvent(JSON.parse('{"__proto__":{"x":1},"a":"b"}'));
  assert.deepStrictEqual(ev, { a: 'b' });
  assert.equal(Object.getPrototypeOf(ev), Object.prototype);
});
