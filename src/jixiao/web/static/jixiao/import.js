// Import page: poll the job's status every second while the files are read, then reload to
// show the preview (the status URL comes from the page, data-status-url); in the preview, the
// header box ticks or unticks every form.
document.addEventListener("DOMContentLoaded", () => {
  const all = document.getElementById("keep-all");
  if (all) {
    all.addEventListener("change", () => {
      document.querySelectorAll('#preview input[name="keep"]').forEach((box) => { box.checked = all.checked; });
    });
  }
  const box = document.getElementById("import-progress");
  if (!box) return;
  const url = box.dataset.statusUrl;
  const bar = document.getElementById("import-bar");
  const count = document.getElementById("import-count");
  let failures = 0;
  const poll = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      const job = await response.json();
      failures = 0;
      bar.max = Math.max(job.total_files, 1);
      bar.value = job.done_files;
      count.textContent = `${job.status_label}：已读 ${job.done_files} / ${job.total_files} 个文件`;
      if (job.finished) { window.location.reload(); return; }
    } catch (err) {
      failures += 1;
      count.textContent = `暂时无法获取进度（${failures} 次），正在重试……`;
    }
    window.setTimeout(poll, 1000);
  };
  window.setTimeout(poll, 1000);
});
