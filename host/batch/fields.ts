// The field dictionary: field names a batch writes as small integer keys (1 byte for the first 128).
// Sysmon names are canonical. Names not listed are written as string keys.
// Changing the list changes the ids: bump FIELD_DICTIONARY_VERSION with it.

export const FIELD_DICTIONARY_VERSION = 1;

export const FIELD_NAMES: readonly string[] = [
  // Routing and System fields
  'EventID', 'Channel', 'Provider', 'Computer', 'TimeCreated', 'EventRecordID', 'Level', 'Task', 'Keywords',
  // Sysmon common
  'RuleName', 'UtcTime', 'ProcessGuid', 'ProcessId', 'Image', 'User', 'Hashes',
  // Process creation (EID 1)
  'FileVersion', 'Description', 'Product', 'Company', 'OriginalFileName', 'CommandLine', 'CurrentDirectory',
  'LogonGuid', 'LogonId', 'TerminalSessionId', 'IntegrityLevel', 'ParentProcessGuid', 'ParentProcessId',
  'ParentImage', 'ParentCommandLine', 'ParentUser',
  // Network connection (EID 3)
  'Protocol', 'Initiated', 'SourceIsIpv6', 'SourceIp', 'SourceHostname', 'SourcePort', 'SourcePortName',
  'DestinationIsIpv6', 'DestinationIp', 'DestinationHostname', 'DestinationPort', 'DestinationPortName',
  // File, registry, image load, pipes, DNS, access
  'TargetFilename', 'CreationUtcTime', 'PreviousCreationUtcTime', 'ImageLoaded', 'Signed', 'Signature',
  'SignatureStatus', 'EventType', 'TargetObject', 'Details', 'NewName', 'PipeName', 'QueryName', 'QueryStatus',
  'QueryResults', 'SourceImage', 'TargetImage', 'SourceProcessGuid', 'SourceProcessId', 'TargetProcessGuid',
  'TargetProcessId', 'GrantedAccess', 'CallTrace', 'StartAddress', 'StartModule', 'StartFunction',
  'SourceThreadId', 'Device', 'State', 'Version', 'SchemaVersion', 'Configuration', 'ConfigurationFileHash',
  'Operation', 'Consumer', 'Filter', 'Destination', 'Query', 'Name', 'Type', 'Archived', 'IsExecutable',
  // Security channel
  'SubjectUserSid', 'SubjectUserName', 'SubjectDomainName', 'SubjectLogonId', 'TargetUserSid', 'TargetUserName',
  'TargetDomainName', 'TargetLogonId', 'LogonType', 'LogonProcessName', 'AuthenticationPackageName',
  'WorkstationName', 'IpAddress', 'IpPort', 'NewProcessName', 'NewProcessId', 'ParentProcessName',
  'TokenElevationType', 'MandatoryLabel', 'ServiceName', 'ServiceFileName', 'ObjectName', 'ObjectType',
  'AccessMask', 'ShareName', 'RelativeTargetName', 'PrivilegeList', 'ProcessName',
];

export const FIELD_IDS: ReadonlyMap<string, number> = new Map(FIELD_NAMES.map((name, id) => [name, id]));

/**
 * The map key a field is stored under: its dictionary id, else its name. Names that a decoded JS
 * object could confuse with something else (all digits, like an id; or a name Object.prototype
 * already has, like `constructor`) are stored behind a NUL byte, so both engines read them alike.
 */
export function storedKey(name: string): number | string {
  const id = FIELD_IDS.get(name);
  if (id !== undefined) return id;
  return /^[0-9]+$/.test(name) || name in Object.prototype ? '\u0000' + name : name;
}
