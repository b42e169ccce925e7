// The Sigma language as a table of (detection, event, expected), run by both engines.
// Expectations are hand-checked against the Sigma specification v2 (../shared/spec) and pySigma.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bothEngines, ENGINES } from '../support.js';

type Event = Record<string, string | number | boolean | null>;
interface Case { name: string; detection: string; logsource?: string; events: [Event, boolean][] }

const SYSMON = 'Microsoft-Windows-Sysmon/Operational';
/** Base64 of text encoded as UTF-8 or UTF-16LE, by Node's own encoder (independent of the compiler's). */
const b64 = (text: string, encoding: 'utf8' | 'utf16le' = 'utf8') => Buffer.from(text, encoding).toString('base64');

const CASES: Case[] = [
  {
    name: 'a value list is OR',
    detection: `sel:\n  Image|endswith:\n    - '\\a.exe'\n    - '\\b.exe'\ncondition: sel`,
    events: [[{ Image: 'C:\\x\\b.exe' }, true], [{ Image: 'C:\\x\\a.exe' }, true], [{ Image: 'C:\\x\\c.exe' }, false]],
  },
  {
    name: 'a map is AND',
    detection: `sel:\n  A: 1\n  B: x\ncondition: sel`,
    events: [[{ A: '1', B: 'x' }, true], [{ A: '1' }, false], [{ A: '2', B: 'x' }, false]],
  },
  {
    name: 'a list of maps is OR',
    detection: `sel:\n  - A: 1\n  - B: 2\ncondition: sel`,
    events: [[{ B: 2 }, true], [{ A: 1 }, true], [{ A: 2, B: 1 }, false]],
  },
  {
    name: 'contains|all needs every value',
    detection: `sel:\n  CommandLine|contains|all:\n    - ' -enc '\n    - bypass\ncondition: sel`,
    events: [[{ CommandLine: 'powershell -ep ByPass -enc AAA' }, true], [{ CommandLine: 'powershell -enc AAA' }, false]],
  },
  {
    name: 'string matching is case-insensitive (ASCII letters)',
    detection: `sel:\n  Image|startswith: 'C:\\Windows\\'\ncondition: sel`,
    events: [[{ Image: 'c:\\WINDOWS\\x.exe' }, true], [{ Image: 'D:\\Windows\\x.exe' }, false], [{ Image: 'C:\\Windows' }, false]],
  },
  {
    name: 'non-ASCII letters are not case-folded',
    detection: `sel:\n  User|contains: 'ä'\ncondition: sel`,
    events: [[{ User: 'CORP\\jäger' }, true], [{ User: 'CORP\\JÄGER' }, false]],
  },
  {
    name: 'a rule number matches the number as int or string, never another spelling',
    detection: `sel:\n  EventID: 4688\ncondition: sel`,
    events: [[{ EventID: '4688' }, true], [{ EventID: 4688 }, true], [{ EventID: '04688' }, false], [{ EventID: '0x1250' }, false], [{ EventID: ' 4688' }, false], [{ EventID: 46880 }, false]],
  },
  {
    name: 'negative numbers',
    detection: `sel:\n  Delta: -5\ncondition: sel`,
    events: [[{ Delta: -5 }, true], [{ Delta: '-5' }, true], [{ Delta: 5 }, false], [{ Delta: '-05' }, false]],
  },
  {
    name: 'hex stays a string (no YAML coercion): 0x3e7',
    detection: `sel:\n  LogonId: 0x3e7\ncondition: sel`,
    events: [[{ LogonId: '0x3E7' }, true], [{ LogonId: 999 }, false], [{ LogonId: '999' }, false]],
  },
  {
    name: 'leading zeros stay a string: 00000429',
    detection: `sel:\n  Code: 00000429\ncondition: sel`,
    events: [[{ Code: '00000429' }, true], [{ Code: 429 }, false], [{ Code: '429' }, false]],
  },
  {
    name: 'a quoted number is a string, compared with the value as text',
    detection: `sel:\n  Port: '25'\ncondition: sel`,
    events: [[{ Port: 25 }, true], [{ Port: '25' }, true], [{ Port: 255 }, false]],
  },
  {
    name: 'a number with a string modifier is text',
    detection: `sel:\n  Port|startswith: 44\ncondition: sel`,
    events: [[{ Port: 443 }, true], [{ Port: '4444' }, true], [{ Port: 544 }, false]],
  },
  {
    name: '* in the middle of a value',
    // \\* is needed: \* would be a literal star
    detection: `sel:\n  Image: 'C:\\Windows\\\\*\\cmd.exe'\ncondition: sel`,
    events: [[{ Image: 'C:\\Windows\\System32\\cmd.exe' }, true], [{ Image: 'c:\\windows\\a\\b\\CMD.EXE' }, true], [{ Image: 'C:\\Windows\\cmd.exe' }, false], [{ Image: 'C:\\Windows\\System32\\cmd.exe.bak' }, false]],
  },
  {
    name: '? is exactly one character',
    detection: `sel:\n  Name: 'a?c'\ncondition: sel`,
    events: [[{ Name: 'abc' }, true], [{ Name: 'AÄC' }, true], [{ Name: 'ac' }, false], [{ Name: 'abbc' }, false]],
  },
  {
    name: '\\* is a literal star, \\? a literal question mark',
    detection: `sel:\n  CommandLine:\n    - 'a\\*b'\n    - 'x\\?'\ncondition: sel`,
    events: [[{ CommandLine: 'a*b' }, true], [{ CommandLine: 'x?' }, true], [{ CommandLine: 'axb' }, false], [{ CommandLine: 'xy' }, false]],
  },
  {
    name: '\\\\ is one backslash (then * is a wildcard); other backslashes are literal',
    detection: `sel:\n  Path: 'C:\\Temp\\\\*'\ncondition: sel`,
    events: [[{ Path: 'C:\\Temp\\evil.exe' }, true], [{ Path: 'C:\\Temp\\' }, true], [{ Path: 'C:\\Temp' }, false]],
  },
  {
    name: 'a trailing backslash is literal',
    detection: `sel:\n  Dir|endswith: 'system32\\'\ncondition: sel`,
    events: [[{ Dir: 'C:\\Windows\\System32\\' }, true], [{ Dir: 'C:\\Windows\\System32' }, false]],
  },
  {
    name: '* alone matches any value that is present, even empty',
    detection: `sel:\n  X: '*'\ncondition: sel`,
    events: [[{ X: '' }, true], [{ X: 'abc' }, true], [{ X: 5 }, true], [{}, false], [{ X: null }, false]],
  },
  {
    name: 'booleans compare as text',
    detection: `sel:\n  Initiated: true\ncondition: sel`,
    events: [[{ Initiated: 'true' }, true], [{ Initiated: true }, true], [{ Initiated: 'True' }, true], [{ Initiated: 'false' }, false], [{ Initiated: false }, false]],
  },
  {
    name: 'null matches a missing field or a null value',
    detection: `sel:\n  X: null\ncondition: sel`,
    events: [[{}, true], [{ X: null }, true], [{ X: '' }, false], [{ X: 'null' }, false]],
  },
  {
    name: "'' matches the empty string only",
    detection: `sel:\n  X: ''\ncondition: sel`,
    events: [[{ X: '' }, true], [{}, false], [{ X: null }, false], [{ X: ' ' }, false]],
  },
  {
    name: 'not of a search on a missing field holds',
    detection: `sel:\n  A: 1\nfilter:\n  Image|endswith: '\\x.exe'\ncondition: sel and not filter`,
    events: [[{ A: 1 }, true], [{ A: 1, Image: 'C:\\x.exe' }, false], [{ A: 1, Image: 'C:\\y.exe' }, true]],
  },
  {
    name: 'and binds tighter than or',
    detection: `a:\n  A: 1\nb:\n  B: 1\nc:\n  C: 1\ncondition: a or b and c`,
    events: [[{ A: 1 }, true], [{ B: 1 }, false], [{ B: 1, C: 1 }, true]],
  },
  {
    name: 'not binds tighter than and',
    detection: `a:\n  A: 1\nb:\n  B: 1\ncondition: not a and b`,
    events: [[{ B: 1 }, true], [{ A: 1, B: 1 }, false], [{}, false]],
  },
  {
    name: 'parentheses group',
    detection: `a:\n  A: 1\nb:\n  B: 1\nc:\n  C: 1\ncondition: (a or b) and c`,
    events: [[{ A: 1 }, false], [{ A: 1, C: 1 }, true], [{ B: 1, C: 1 }, true]],
  },
  {
    name: 'keywords of the condition are case-insensitive',
    detection: `a:\n  A: 1\nb:\n  B: 1\ncondition: a AND NOT b`,
    events: [[{ A: 1 }, true], [{ A: 1, B: 1 }, false]],
  },
  {
    name: '1 of sel* is any of the searches it names',
    detection: `sel_a:\n  A: 1\nsel_b:\n  B: 1\nother:\n  C: 1\ncondition: 1 of sel*`,
    events: [[{ B: 1 }, true], [{ C: 1 }, false]],
  },
  {
    name: 'all of sel* needs every one',
    detection: `sel_a:\n  A: 1\nsel_b:\n  B: 1\ncondition: all of sel*`,
    events: [[{ A: 1, B: 1 }, true], [{ A: 1 }, false]],
  },
  {
    name: '1 of them leaves out _-prefixed searches',
    detection: `a:\n  A: 1\n_hidden:\n  H: 1\ncondition: 1 of them`,
    events: [[{ A: 1 }, true], [{ H: 1 }, false]],
  },
  {
    name: 'all of them leaves out _-prefixed searches',
    detection: `a:\n  A: 1\nb:\n  B: 1\n_hidden:\n  H: 1\ncondition: all of them`,
    events: [[{ A: 1, B: 1 }, true], [{ A: 1 }, false]],
  },
  {
    name: 'not 1 of filter_*',
    detection: `sel:\n  A: 1\nfilter_a:\n  F: a\nfilter_b:\n  F: b\ncondition: sel and not 1 of filter_*`,
    events: [[{ A: 1, F: 'c' }, true], [{ A: 1, F: 'b' }, false], [{ A: 1 }, true]],
  },
  {
    name: 'a list of conditions is OR',
    detection: `a:\n  A: 1\nb:\n  B: 1\ncondition:\n  - a\n  - b`,
    events: [[{ A: 1 }, true], [{ B: 1 }, true], [{}, false]],
  },
  {
    name: 'logsource routes the rule to its events (network_connection: Sysmon EventID 3)',
    logsource: 'category: network_connection\n  product: windows',
    detection: `sel:\n  Image|endswith: '\\x.exe'\ncondition: sel`,
    events: [
      [{ EventID: 3, Channel: SYSMON, Image: 'C:\\x.exe' }, true],
      [{ EventID: '3', Channel: SYSMON.toLowerCase(), Image: 'C:\\x.exe' }, true],
      [{ EventID: 1, Channel: SYSMON, Image: 'C:\\x.exe' }, false],
      [{ EventID: 3, Channel: 'Security', Image: 'C:\\x.exe' }, false],
      [{ Image: 'C:\\x.exe' }, false],
    ],
  },
  {
    name: 'logsource process_creation: Sysmon EventID 1',
    logsource: 'category: process_creation\n  product: windows',
    detection: `sel:\n  CommandLine|contains: whoami\ncondition: sel`,
    events: [[{ EventID: 1, Channel: SYSMON, CommandLine: 'whoami /all' }, true], [{ EventID: 3, Channel: SYSMON, CommandLine: 'whoami' }, false]],
  },
  {
    name: 'process_creation also reads Security 4688, whose NewProcessName is Image',
    logsource: 'category: process_creation\n  product: windows',
    detection: `sel:\n  Image|endswith: '\\whoami.exe'\n  ParentImage|endswith: '\\cmd.exe'\ncondition: sel`,
    events: [
      [{ EventID: 4688, Channel: 'Security', NewProcessName: 'C:\\Windows\\System32\\whoami.exe', ParentProcessName: 'C:\\Windows\\cmd.exe' }, true],
      [{ EventID: 1, Channel: SYSMON, Image: 'C:\\Windows\\System32\\whoami.exe', ParentImage: 'C:\\Windows\\cmd.exe' }, true],
      [{ EventID: 4689, Channel: 'Security', NewProcessName: 'C:\\Windows\\System32\\whoami.exe', ParentProcessName: 'C:\\Windows\\cmd.exe' }, false],
      [{ EventID: 1, Channel: SYSMON, NewProcessName: 'C:\\Windows\\System32\\whoami.exe', ParentProcessName: 'C:\\Windows\\cmd.exe' }, false],
    ],
  },
  {
    name: 'a service reads every EventID of its channels',
    logsource: 'product: windows\n  service: security',
    detection: `sel:\n  TargetUserName: admin\ncondition: sel`,
    events: [[{ EventID: 4624, Channel: 'Security', TargetUserName: 'Admin' }, true], [{ EventID: 1, Channel: 'SECURITY', TargetUserName: 'admin' }, true], [{ Channel: 'Security', TargetUserName: 'admin' }, true], [{ EventID: 4624, Channel: 'System', TargetUserName: 'admin' }, false]],
  },
  {
    name: 'registry_add needs EventType CreateKey on Sysmon EventID 12',
    logsource: 'category: registry_add\n  product: windows',
    detection: `sel:\n  TargetObject|contains: '\\Run'\ncondition: sel`,
    events: [
      [{ EventID: 12, Channel: SYSMON, EventType: 'CreateKey', TargetObject: 'HKLM\\Software\\Run' }, true],
      [{ EventID: 12, Channel: SYSMON, EventType: 'DeleteKey', TargetObject: 'HKLM\\Software\\Run' }, false],
      [{ EventID: 13, Channel: SYSMON, EventType: 'CreateKey', TargetObject: 'HKLM\\Software\\Run' }, false],
    ],
  },
  {
    name: "field names written with spaces reach rules without them (Defender's Threat Name)",
    logsource: 'product: windows\n  service: windefend',
    detection: `sel:\n  ThreatName|contains: eicar\ncondition: sel`,
    events: [[{ EventID: 1116, Channel: 'Microsoft-Windows-Windows Defender/Operational', 'Threat Name': 'Virus:DOS/EICAR_Test_File' }, true], [{ EventID: 1116, Channel: 'Microsoft-Windows-Windows Defender/Operational', 'Threat Name': 'Trojan:X' }, false]],
  },
  {
    name: 'Provider_Name is the Provider',
    logsource: 'product: windows\n  service: application',
    detection: `sel:\n  Provider_Name: Application Error\n  EventID: 1000\ncondition: sel`,
    events: [[{ EventID: 1000, Channel: 'Application', Provider: 'Application Error' }, true], [{ EventID: 1000, Channel: 'Application', Provider: 'Other' }, false]],
  },
  {
    name: 'keywords: a value anywhere in any field, case-insensitively',
    detection: `keywords:\n  - mimikatz\n  - 'sekurlsa::'\ncondition: keywords`,
    events: [[{ CommandLine: 'C:\\x\\Mimikatz.exe' }, true], [{ Image: 'a', Other: 'SEKURLSA::logonpasswords' }, true], [{ CommandLine: 'mimi katz' }, false], [{}, false]],
  },
  {
    name: 'keywords: numbers and booleans are searched as text',
    detection: `keywords:\n  - 4688\ncondition: keywords`,
    events: [[{ EventID: 4688 }, true], [{ X: 'id 46880' }, true], [{ EventID: 4689 }, false]],
  },
  {
    name: 'keywords with |all: every value somewhere, in any fields',
    detection: `keywords:\n  '|all':\n    - alpha\n    - beta\ncondition: keywords`,
    events: [[{ A: 'xalphax', B: 'BETA' }, true], [{ A: 'alpha beta' }, true], [{ A: 'alpha' }, false]],
  },
  {
    name: 'keywords mixed with field searches',
    detection: `sel:\n  EventID: 1\nkeywords:\n  - 'de*ug'\ncondition: sel and keywords`,
    events: [[{ EventID: 1, X: 'a debug b' }, true], [{ EventID: 1, X: 'deXXug' }, true], [{ EventID: 2, X: 'debug' }, false]],
  },
  {
    name: 'windash: each dash or slash may be any of - / – — ―',
    detection: `sel:\n  CommandLine|windash|contains: ' -enc '\ncondition: sel`,
    events: [[{ CommandLine: 'ps -enc x' }, true], [{ CommandLine: 'ps /enc x' }, true], [{ CommandLine: 'ps \u2013enc x' }, true], [{ CommandLine: 'ps \u2014enc x' }, true], [{ CommandLine: 'ps \u2015enc x' }, true], [{ CommandLine: 'ps enc x' }, false], [{ CommandLine: 'ps +enc x' }, false]],
  },
  {
    name: 'windash with two dashes: all 25 combinations',
    detection: `sel:\n  CommandLine|windash|contains: '-a -b'\ncondition: sel`,
    events: [[{ CommandLine: 'x /a \u2014b' }, true], [{ CommandLine: 'x -a -b' }, true], [{ CommandLine: 'x -a b' }, false]],
  },
  {
    name: 'base64: the encoded value',
    detection: `sel:\n  Payload|base64: 'cmd.exe /c'\ncondition: sel`,
    events: [[{ Payload: b64('cmd.exe /c') }, true], [{ Payload: b64('cmd.exe /k') }, false]],
  },
  {
    name: 'base64offset|contains: the value at any byte offset of a base64 string',
    detection: `sel:\n  CommandLine|base64offset|contains: 'http://'\ncondition: sel`,
    events: [
      [{ CommandLine: `ps -e ${b64('http://evil')}` }, true], [{ CommandLine: `ps -e ${b64('Ahttp://evil')}` }, true],
      [{ CommandLine: `ps -e ${b64('AAhttp://evil')}` }, true], [{ CommandLine: `ps -e ${b64('AAAhttp://evil')}` }, true],
      [{ CommandLine: `ps -e ${b64('https://evil')}` }, false],
    ],
  },
  {
    name: 'wide|base64offset|contains: UTF-16LE then base64 (PowerShell -EncodedCommand)',
    detection: `sel:\n  CommandLine|wide|base64offset|contains: 'Invoke-Mimikatz'\ncondition: sel`,
    events: [
      [{ CommandLine: `powershell -enc ${b64('Invoke-Mimikatz -DumpCreds', 'utf16le')}` }, true],
      [{ CommandLine: `powershell -enc ${b64('IEX; Invoke-Mimikatz', 'utf16le')}` }, true],
      [{ CommandLine: `powershell -enc ${b64('x Invoke-Mimikatz', 'utf16le')}` }, true],
      [{ CommandLine: `powershell -enc ${b64('Invoke-Mimikatz', 'utf8')}` }, false],
    ],
  },
  {
    name: 'utf16le/utf16be/utf16 then base64',
    detection: `le:\n  A|utf16le|base64: cmd\nbe:\n  B|utf16be|base64: cmd\nbom:\n  C|utf16|base64: cmd\ncondition: le and be and bom`,
    events: [[{ A: b64('cmd', 'utf16le'), B: Buffer.from([0, 99, 0, 109, 0, 100]).toString('base64'), C: Buffer.from([0xff, 0xfe, 99, 0, 109, 0, 100, 0]).toString('base64') }, true], [{ A: b64('cmd'), B: 'x', C: 'x' }, false]],
  },
  {
    name: 'cidr: IPv4 and IPv6 networks',
    detection: `sel:\n  DestinationIp|cidr:\n    - '10.0.0.0/8'\n    - '172.16.0.0/12'\n    - '13.107.6.152/31'\n    - 'fe80::/10'\n    - 'fc00::/7'\n    - '::1/128'\n    - '2a01:111:f403::/48'\n    - '2603:1006::/40'\n    - '::ffff:0:0/96'\ncondition: sel`,
    events: [
      [{ DestinationIp: '10.1.2.3' }, true], [{ DestinationIp: '100.1.2.3' }, false], [{ DestinationIp: '172.16.0.1' }, true],
      [{ DestinationIp: '172.31.255.254' }, true], [{ DestinationIp: '172.32.0.1' }, false], [{ DestinationIp: '172.1.0.1' }, false],
      [{ DestinationIp: '13.107.6.152' }, true], [{ DestinationIp: '13.107.6.153' }, true], [{ DestinationIp: '13.107.6.154' }, false],
      [{ DestinationIp: 'fe80::1c2:3' }, true], [{ DestinationIp: 'FEBF::1' }, true], [{ DestinationIp: 'fec0::1' }, false], [{ DestinationIp: 'fe8::1' }, false],
      [{ DestinationIp: 'fd12:3456::1' }, true], [{ DestinationIp: 'fe00::1' }, false], [{ DestinationIp: '::1' }, true], [{ DestinationIp: '::2' }, false],
      [{ DestinationIp: '0:0:0:0:0:0:0:1' }, true], [{ DestinationIp: '2a01:111:f403:c90b::5' }, true], [{ DestinationIp: '2a01:111:f404::5' }, false],
      [{ DestinationIp: '2603:1006:ff::1' }, true], [{ DestinationIp: '2603:1006::' }, true], [{ DestinationIp: '2603:1006:100::1' }, false],
      [{ DestinationIp: '::ffff:10.1.2.3' }, true], [{ DestinationIp: '::ffff:1.2.3.256' }, false],
      [{ DestinationIp: '010.1.2.3' }, false], [{ DestinationIp: '10.1.2' }, false], [{ DestinationIp: '10.1.2.3.4' }, false], [{ DestinationIp: '10.1.2.3 ' }, false],
      [{ DestinationIp: 'fe80::1%eth0' }, false], [{ DestinationIp: 'fe80:::1' }, false], [{ DestinationIp: 'fe80::1::2' }, false], [{ DestinationIp: 'fe80:1' }, false],
      [{ DestinationIp: 'fe80:0:0:0:0:0:0:0:1' }, false], [{ DestinationIp: 'fe80::12345' }, false], [{ DestinationIp: 'fe80::' }, true], [{ DestinationIp: 'fe80:' }, false],
    ],
  },
  {
    name: 'cidr 0.0.0.0/0 is every IPv4 address, ::/0 every IPv6 one',
    detection: `a:\n  Ip|cidr: '0.0.0.0/0'\nb:\n  Ip6|cidr: '::/0'\ncondition: a or b`,
    events: [[{ Ip: '8.8.8.8' }, true], [{ Ip: '::1' }, false], [{ Ip: 'text' }, false], [{}, false], [{ Ip6: '::' }, true], [{ Ip6: '1.2.3.4' }, false]],
  },
  {
    name: 'exists: true holds for any present field, even null or empty',
    detection: `sel:\n  A|exists: true\n  B|exists: false\ncondition: sel`,
    events: [[{ A: null }, true], [{ A: '' }, true], [{ A: 'x', B: null }, false], [{}, false]],
  },
  {
    name: 're: a case-sensitive search',
    detection: `sel:\n  CommandLine|re: '\\s-e(nc)?\\s'\ncondition: sel`,
    events: [[{ CommandLine: 'ps -enc x' }, true], [{ CommandLine: 'ps -e x' }, true], [{ CommandLine: 'ps -ENC x' }, false], [{ CommandLine: 'ps-enc x' }, false]],
  },
  {
    name: 're|i and a leading (?i) are case-insensitive',
    detection: `a:\n  A|re|i: '^abc$'\nb:\n  B|re: '(?i)^abc$'\ncondition: a and b`,
    events: [[{ A: 'ABC', B: 'aBc' }, true], [{ A: 'ABCD', B: 'abc' }, false]],
  },
  {
    name: 're on numbers reads their text',
    detection: `sel:\n  EventID|re: '^46\\d\\d$'\ncondition: sel`,
    events: [[{ EventID: 4688 }, true], [{ EventID: '4624' }, true], [{ EventID: 4768 }, false]],
  },
  {
    name: 're in keywords and on non-ASCII text',
    detection: `sel:\n  User|re: '^J.ger$'\ncondition: sel`,
    events: [[{ User: 'Jäger' }, true], [{ User: 'Jaeger' }, false]],
  },
  {
    name: 'cased: case-sensitive equality, contains and wildcards',
    detection: `a:\n  User|cased: Admin\nb:\n  CommandLine|cased|contains: Invoke-\nc:\n  Path|cased: 'C:\\\\*\\X'\ncondition: 1 of them`,
    events: [[{ User: 'Admin' }, true], [{ User: 'admin' }, false], [{ CommandLine: 'x Invoke-Y' }, true], [{ CommandLine: 'x invoke-y' }, false], [{ Path: 'C:\\a\\X' }, true], [{ Path: 'c:\\a\\x' }, false]],
  },
  {
    name: 'neq: the field differs from every value (a missing field differs)',
    detection: `sel:\n  Port|neq:\n    - 80\n    - 443\n  User|neq: admin\ncondition: sel`,
    events: [[{ Port: 22, User: 'root' }, true], [{ Port: '443', User: 'root' }, false], [{ Port: 22, User: 'ADMIN' }, false], [{}, true]],
  },
  {
    name: 'gt, gte, lt, lte compare integers (as numbers or decimal text)',
    detection: `gt:\n  A|gt: 10\ngte:\n  B|gte: 10\nlt:\n  C|lt: -5\nlte:\n  D|lte: 0\ncondition: gt or gte or lt or lte`,
    events: [
      [{ A: 11 }, true], [{ A: '11' }, true], [{ A: '0011' }, true], [{ A: 10 }, false], [{ A: '11.5' }, false], [{ A: 'x' }, false], [{ A: true }, false],
      [{ B: 10 }, true], [{ B: 9 }, false], [{ C: -6 }, true], [{ C: '-5' }, false], [{ D: 0 }, true], [{ D: '-0' }, true], [{ D: 1 }, false], [{}, false],
    ],
  },
  {
    name: 'week: the ISO 8601 week of the date (hand-checked calendar dates)',
    detection: `sel:\n  UtcTime|week: 53\ncondition: sel`,
    events: [
      [{ UtcTime: '2021-01-03 10:00:00.000' }, true], [{ UtcTime: '2020-12-31T23:59:59Z' }, true], [{ UtcTime: '2016-01-01 00:00:00' }, true],
      [{ UtcTime: '2019-12-30 00:00:00.000' }, false], [{ UtcTime: '2024-12-31 00:00' }, false], [{ UtcTime: 'yesterday' }, false], [{}, false],
    ],
  },
  {
    name: 'week 1 and 49',
    detection: `a:\n  T|week: 1\nb:\n  U|week: 49\ncondition: a or b`,
    events: [[{ T: '2019-12-30 00:00:00' }, true], [{ T: '2024-01-01T00:00:00Z' }, true], [{ T: '2024-12-31 08:00:00' }, true], [{ U: '2026-12-04 06:00:00' }, true], [{ U: '2026-12-07 06:00:00' }, false]],
  },
  {
    name: 'time parts of impossible dates do not exist (Feb 29 only in leap years)',
    detection: `sel:\n  T|day:\n    - 29\n    - 30\n    - 31\ncondition: sel`,
    events: [[{ T: '2024-02-29 10:20' }, true], [{ T: '2023-02-29 10:20' }, false], [{ T: '2024-02-30 10:20' }, false], [{ T: '2024-04-31 10:20' }, false], [{ T: '2024-05-31 10:20' }, true], [{ T: '2000-02-29T00:00' }, true], [{ T: '1900-02-29 00:00' }, false]],
  },
  {
    name: 'minute, hour, day, month, year',
    detection: `sel:\n  UtcTime|hour:\n    - 2\n    - 3\n  UtcTime|year: 2024\n  UtcTime|month: 5\n  UtcTime|day: 6\n  UtcTime|minute: 15\ncondition: sel`,
    events: [[{ UtcTime: '2024-05-06 03:15:00.123' }, true], [{ UtcTime: '2024-05-06T02:15:59Z' }, true], [{ UtcTime: '2024-05-06 04:15:00' }, false], [{ UtcTime: '2023-05-06 03:15:00' }, false], [{ UtcTime: '2024-05-06 03:16:00' }, false], [{ UtcTime: '2024-13-06 03:15:00' }, false]],
  },
  {
    name: 'spaces around a condition are ignored',
    detection: `sel:\n  A: 1\ncondition: '  sel  '`,
    events: [[{ A: 1 }, true], [{ A: 2 }, false]],
  },
  {
    name: 'YAML aliases stand for their anchored node',
    detection: `base: &b\n  A: 1\nsel: *b\ncondition: sel`,
    events: [[{ A: 1 }, true], [{ A: 2 }, false]],
  },
  {
    name: 'a plain +5 is the number 5 (YAML 1.1)',
    detection: `sel:\n  Port: +5\ncondition: sel`,
    events: [[{ Port: 5 }, true], [{ Port: '5' }, true], [{ Port: '+5' }, false]],
  },
  {
    name: 'integers beyond 32 bits are still numbers',
    detection: `a:\n  Foo: 4294967296\nb:\n  Bar|startswith: '-3'\nc:\n  Baz: 9007199254740991\ncondition: 1 of them`,
    events: [[{ Foo: 4294967296 }, true], [{ Foo: '4294967296' }, true], [{ Foo: 4294967297 }, false], [{ Bar: -3000000000 }, true], [{ Bar: 3000000000 }, false], [{ Baz: 9007199254740991 }, true]],
  },
  {
    name: 'field names that are digits or Object.prototype names are fields like any other',
    detection: `a:\n  '0': 1\nb:\n  constructor: x\nc:\n  toString: null\n  Z: 1\ncondition: 1 of them`,
    events: [[{ EventID: 1 }, false], [{ '0': 1 }, true], [{ constructor: 'x' }, true], [{ Z: 1 }, true], [{ Z: 1, toString: 'y' }, false]],
  },
  {
    name: 'a lone surrogate is U+FFFD, in rules and in events',
    detection: `sel:\n  Foo|contains: "\\ud800"\ncondition: sel`,
    events: [[{ Foo: 'x\ud800y' }, true], [{ Foo: 'x\ufffdy' }, true], [{ Foo: 'xy' }, false]],
  },
  {
    name: 'fieldref: two fields with the same text',
    detection: `sel:\n  ParentImage|fieldref: Image\ncondition: sel`,
    events: [[{ Image: 'C:\\a.exe', ParentImage: 'c:\\A.EXE' }, true], [{ Image: 'a', ParentImage: 'b' }, false], [{ ParentImage: 'a' }, false], [{ Image: 5, ParentImage: '5' }, true]],
  },
];

describe('expand: placeholders from a configuration', async () => {
  const rule = `title: expand\nid: expand-1\nlogsource: {product: windows}\ndetection:\n  sel:\n    User|expand: '%admins%\\\\*'\n  condition: sel\n`;
  const engines = await bothEngines([rule], { placeholders: { admins: ['CORP', 'LAB'] }, logsource: false });
  for (const kind of ENGINES) {
    it(`${kind}: every configured value is an alternative`, () => {
      const got = engines[kind].match([{ User: 'corp\\bob' }, { User: 'LAB\\x' }, { User: 'HOME\\x' }]).map((m) => m.event);
      assert.deepEqual(got, [0, 1]);
    });
  }
});

const ruleText = (c: Case, i: number) =>
  `title: case ${i}\nid: case-${i}\nlogsource:\n  ${c.logsource ?? 'product: windows'}\ndetection:\n${c.detection.replace(/^/gm, '  ')}\nlevel: low\n`;

describe('Sigma language, both engines', async () => {
  // All cases in one program, each rule its own case: also checks that rules do not disturb each
  // other. Cases without a logsource of their own run with routing off (they read every event).
  const sources = CASES.map((c, i) => ({ file: `case-${i}.yml`, text: ruleText(c, i) }));
  const routed = await bothEngines(sources.filter((_, i) => CASES[i].logsource));
  const unrouted = await bothEngines(sources.filter((_, i) => !CASES[i].logsource), { logsource: false });
  it('every case compiles', () => {
    for (const engines of [routed, unrouted]) assert.deepEqual(engines.js.diagnostics, []);
    assert.equal(routed.js.rules.length + unrouted.js.rules.length, CASES.length);
  });
  for (const kind of ENGINES) {
    describe(`${kind} engine`, () => {
      CASES.forEach((c, i) => {
        it(c.name, () => {
          const engine = (c.logsource ? routed : unrouted)[kind];
          const r = engine.rules.findIndex((rule) => rule.id === `case-${i}`);
          const got = engine.match(c.events.map(([ev]) => ev)).filter((m) => m.rule === r).map((m) => m.event);
          const want = c.events.flatMap(([, expected], i) => (expected ? [i] : []));
          assert.deepEqual(got, want, c.events.map(([ev]) => JSON.stringify(ev)).join(' | '));
        });
      });
    });
  }
});
