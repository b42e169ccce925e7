// Logsource → event routing and field mapping, as data. Taken from the logsource table SigmaHQ
// uses for its own regression tests (tests/thor.yml: Windows services and categories); a test
// checks that every Windows entry there is here unchanged.

/** Windows services: the event log channels they read (every EventID). The last four are not in
 * thor.yml; SigmaHQ rules use them, with the channels pySigma's Windows pipeline gives them. */
export const SERVICES: Record<string, string[]> = {
  'application': ['Application'],
  'security': ['Security'],
  'system': ['System'],
  'ntlm': ['Microsoft-Windows-NTLM/Operational'],
  'sysmon': ['Microsoft-Windows-Sysmon/Operational'],
  'powershell': ['Microsoft-Windows-PowerShell/Operational','PowerShellCore/Operational'],
  'powershell-classic': ['Windows PowerShell'],
  'taskscheduler': ['Microsoft-Windows-TaskScheduler/Operational'],
  'wmi': ['Microsoft-Windows-WMI-Activity/Operational'],
  'dhcp': ['Microsoft-Windows-DHCP-Server/Operational'],
  'printservice-admin': ['Microsoft-Windows-PrintService/Admin'],
  'smbclient-security': ['Microsoft-Windows-SmbClient/Security'],
  'smbclient-connectivity': ['Microsoft-Windows-SmbClient/Connectivity'],
  'smbserver-connectivity': ['Microsoft-Windows-SMBServer/Connectivity'],
  'printservice-operational': ['Microsoft-Windows-PrintService/Operational'],
  'terminalservices-localsessionmanager': ['Microsoft-Windows-TerminalServices-LocalSessionManager/Operational'],
  'codeintegrity-operational': ['Microsoft-Windows-CodeIntegrity/Operational'],
  'applocker': ['Microsoft-Windows-AppLocker/MSI and Script','Microsoft-Windows-AppLocker/EXE and DLL','Microsoft-Windows-AppLocker/Packaged app-Deployment','Microsoft-Windows-AppLocker/Packaged app-Execution'],
  'msexchange-management': ['MSExchange Management'],
  'windefend': ['Microsoft-Windows-Windows Defender/Operational'],
  'firewall-as': ['Microsoft-Windows-Windows Firewall With Advanced Security/Firewall'],
  'bits-client': ['Microsoft-Windows-Bits-Client/Operational'],
  'security-mitigations': ['Microsoft-Windows-Security-Mitigations/Kernel Mode','Microsoft-Windows-Security-Mitigations/User Mode'],
  'diagnosis-scripted': ['Microsoft-Windows-Diagnosis-Scripted/Operational'],
  'shell-core': ['Microsoft-Windows-Shell-Core/Operational'],
  'openssh': ['OpenSSH/Operational'],
  'ldap': ['Microsoft-Windows-LDAP-Client/Debug'],
  'bitlocker': ['Microsoft-Windows-BitLocker/BitLocker Management'],
  'vhdmp': ['Microsoft-Windows-VHDMP/Operational'],
  'appxdeployment-server': ['Microsoft-Windows-AppXDeploymentServer/Operational'],
  'lsa-server': ['Microsoft-Windows-LSA/Operational'],
  'appxpackaging-om': ['Microsoft-Windows-AppxPackaging/Operational'],
  'dns-client': ['Microsoft-Windows-DNS Client Events/Operational'],
  'appmodel-runtime': ['Microsoft-Windows-AppModel-Runtime/Admin'],
  'capi2': ['Microsoft-Windows-CAPI2/Operational'],
  'certificateservicesclient-lifecycle-system': ['Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational'],
  'kernel-shimengine': ['Microsoft-Windows-Kernel-ShimEngine/Operational','Microsoft-Windows-Kernel-ShimEngine/Diagnostic'],
  'application-experience': ['Microsoft-Windows-Application-Experience/Program-Telemetry','Microsoft-Windows-Application-Experience/Program-Compatibility-Assistant'],
  'ntfs': ['Microsoft-Windows-Ntfs/Operational'],
  'hyper-v-worker': ['Microsoft-Windows-Hyper-V-Worker'],
  'kernel-event-tracing': ['Microsoft-Windows-Kernel-EventTracing'],
  'sense': ['Microsoft-Windows-SENSE/Operational'],
  'servicebus-client': ['Microsoft-ServiceBus-Client/Admin','Microsoft-ServiceBus-Client/Operational'],
  'iis-configuration': ['Microsoft-IIS-Configuration/Operational'],
  'dns-server': ['DNS Server'],
  'dns-server-analytic': ['Microsoft-Windows-DNS-Server/Analytical'],
  'driver-framework': ['Microsoft-Windows-DriverFrameworks-UserMode/Operational'],
  'microsoft-servicebus-client': ['Microsoft-ServiceBus-Client/Admin', 'Microsoft-ServiceBus-Client/Operational'],
};

export interface CategorySource {
  /** The service whose channels carry the events. */
  service: string;
  eventIds: number[];
  /** Further field values the events must have (any of the listed). */
  conditions?: Record<string, string>;
  /** Rule field name → the name the events of this source use for it. */
  fieldMappings?: Record<string, string>;
}

/** Windows categories: where their events come from. */
export const CATEGORIES: Record<string, CategorySource[]> = {
  'process_creation': [
    { service: 'sysmon', eventIds: [1] },
    { service: 'security', eventIds: [4688], fieldMappings: { Image: 'NewProcessName', ParentImage: 'ParentProcessName' } },
  ],
  'file_change': [
    { service: 'sysmon', eventIds: [2] },
  ],
  'network_connection': [
    { service: 'sysmon', eventIds: [3] },
  ],
  'sysmon_status': [
    { service: 'sysmon', eventIds: [4] },
    { service: 'sysmon', eventIds: [16] },
  ],
  'process_termination': [
    { service: 'sysmon', eventIds: [5] },
  ],
  'driver_load': [
    { service: 'sysmon', eventIds: [6] },
  ],
  'image_load': [
    { service: 'sysmon', eventIds: [7] },
  ],
  'create_remote_thread': [
    { service: 'sysmon', eventIds: [8] },
  ],
  'raw_access_thread': [
    { service: 'sysmon', eventIds: [9] },
  ],
  'process_access': [
    { service: 'sysmon', eventIds: [10] },
  ],
  'file_event': [
    { service: 'sysmon', eventIds: [11] },
  ],
  'registry_event': [
    { service: 'sysmon', eventIds: [12] },
    { service: 'sysmon', eventIds: [13] },
    { service: 'sysmon', eventIds: [14] },
  ],
  'registry_add': [
    { service: 'sysmon', eventIds: [12], conditions: { EventType: 'CreateKey' } },
  ],
  'registry_delete': [
    { service: 'sysmon', eventIds: [12], conditions: { EventType: 'DeleteKey' } },
    { service: 'sysmon', eventIds: [12], conditions: { EventType: 'DeleteValue' } },
  ],
  'registry_set': [
    { service: 'sysmon', eventIds: [13] },
  ],
  'registry_rename': [
    { service: 'sysmon', eventIds: [14] },
  ],
  'create_stream_hash': [
    { service: 'sysmon', eventIds: [15] },
  ],
  'pipe_created': [
    { service: 'sysmon', eventIds: [17] },
    { service: 'sysmon', eventIds: [18] },
  ],
  'wmi_event': [
    { service: 'sysmon', eventIds: [19] },
    { service: 'sysmon', eventIds: [20] },
    { service: 'sysmon', eventIds: [21] },
  ],
  'dns_query': [
    { service: 'sysmon', eventIds: [22] },
  ],
  'file_delete': [
    { service: 'sysmon', eventIds: [23] },
  ],
  'clipboard_change': [
    { service: 'sysmon', eventIds: [24] },
  ],
  'process_tampering': [
    { service: 'sysmon', eventIds: [25] },
  ],
  'file_delete_detected': [
    { service: 'sysmon', eventIds: [26] },
  ],
  'file_block_executable': [
    { service: 'sysmon', eventIds: [27] },
  ],
  'file_block_shredding': [
    { service: 'sysmon', eventIds: [28] },
  ],
  'file_executable_detected': [
    { service: 'sysmon', eventIds: [29] },
  ],
  'sysmon_error': [
    { service: 'sysmon', eventIds: [255] },
  ],
  'ps_module': [
    { service: 'powershell', eventIds: [4103] },
  ],
  'ps_script': [
    { service: 'powershell', eventIds: [4104] },
  ],
  'ps_classic_start': [
    { service: 'powershell-classic', eventIds: [400] },
  ],
  'ps_classic_provider_start': [
    { service: 'powershell-classic', eventIds: [600] },
  ],
  'ps_classic_script': [
    { service: 'powershell-classic', eventIds: [800] },
  ],
  'antivirus': [
    { service: 'windefend', eventIds: [1006, 1007, 1008, 1009, 1010, 1011, 1012, 1017, 1018, 1019, 1115, 1116], fieldMappings: { Signature: 'ThreatName', Filename: 'Path' } },
  ],
};
