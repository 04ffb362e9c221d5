"""JupyterHub for a class on one Debian server, with the gradflow kernel installed system-wide.

    apt-get install jupyterhub jupyter-notebook      # Debian's hub, its configurable-http-proxy, the notebook server
    kernel/install --prefix /usr/local               # the kernel, for every user
    jupyterhub -f kernel/deploy/jupyterhub_config.py

Students are local Unix accounts (PAM login). Per student: the kernel's heap is capped (GRADFLOW_JAVA_OPTS),
the home folder is made private before the server starts (Debian creates homes readable by everyone, so one
student could otherwise read another's notebooks), and idle servers are stopped. Hard memory/CPU limits
need a spawner that enforces them (SystemdSpawner's mem_limit/cpu_limit, or Kubernetes: see
z2jh-values.yaml); LocalProcessSpawner ignores them.
Environment: GRADFLOW_HUB_IP / GRADFLOW_HUB_PORT (default 127.0.0.1:8000), GRADFLOW_HEAP (default 512m).
"""
import os
import pwd
import stat

c = get_config()  # noqa: F821 (provided by JupyterHub)

c.JupyterHub.ip = os.environ.get("GRADFLOW_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("GRADFLOW_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
# Debian's configurable-http-proxy is a Node program using Debian's Node modules; another Node first on
# PATH (nvm, a vendor install) would not find them.
c.ConfigurableHTTPProxy.command = ["env", "NODE_PATH=/usr/share/nodejs", "configurable-http-proxy"]

c.Spawner.default_url = "/tree"
c.Spawner.environment = {
    # Heap cap of each student's kernel; the kernel gives memory back after 5 idle seconds.
    "GRADFLOW_JAVA_OPTS": "-Xmx" + os.environ.get("GRADFLOW_HEAP", "512m"),
}
c.Spawner.mem_limit = "1G"      # enforced by spawners that can (see above)
c.Spawner.cpu_limit = 1.0


def private_home(spawner):
    """Makes the student's home folder readable by the student only (0700) before the server starts."""
    home = pwd.getpwnam(spawner.user.name).pw_dir
    mode = stat.S_IMODE(os.stat(home).st_mode)
    if mode & 0o077:
        os.chmod(home, mode & 0o700)


c.Spawner.pre_spawn_hook = private_home

# Stop servers idle for an hour (JupyterHub's built-in idle culling arrives with jupyterhub-idle-culler;
# without it, the notebook server's own culling stops idle kernels).
c.Spawner.args = ["--NotebookApp.shutdown_no_activity_timeout=3600",
                  "--MappingKernelManager.cull_idle_timeout=1800",
                  "--MappingKernelManager.cull_interval=300"]
