// Sections of `osvif --help` that the man page (`osvif man`) repeats: one source for both.

export const ENVIRONMENT_HELP = `Environment:
  OSVIF_CONFIG_FILE          config files or directories (':'-separated) when no --config-file/--config-dir is given
  OSVIF_<GROUP>__<OPTION>    overrides one option, e.g. OSVIF_OSVIF__LOCK_TIMEOUT=30
  OSVIF_SOCKET               like --socket: send host commands to the osvif daemon on this socket
Without either, /etc/osvif/osvif.conf and /etc/osvif/osvif.conf.d/*.conf are read when they exist.`;

export const EXAMPLES_HELP = `Examples:
  osvif plugins --config-file /etc/nova/nova.conf
  osvif host-info --permitted VIFOpenVSwitch,VIFBridge --to 1.0
  osvif plug --vif vif.json --instance - < instance.json
  osvif --json unplug --vif vif.json --instance instance.json
  osvif negotiate --url http://127.0.0.1:9697 --port-id PORT --plug --instance instance.json
  osvif config show --config-file /etc/nova/nova.conf --config-dir /etc/nova/nova.conf.d
  osvif completion bash > /etc/bash_completion.d/osvif
  osvif man > /usr/local/share/man/man1/osvif.1`;
