// Form list: "select all" for the export of a selection.
document.addEventListener("DOMContentLoaded", () => {
  const all = document.getElementById("select-all");
  if (!all) return;
  all.addEventListener("change", () => {
    document.querySelectorAll('#selection input[name="ids"]').forEach((box) => { box.checked = all.checked; });
  });
});
