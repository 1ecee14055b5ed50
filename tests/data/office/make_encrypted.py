"""Make the password-protected files in this folder: encrypted.xls/.ods/.doc/.odt.

Run with the system Python that has LibreOffice's `uno` module (`apt-get install python3-uno`):
`/usr/bin/python3 tests/data/office/make_encrypted.py`. LibreOffice's command line cannot set a
password, so this drives LibreOffice through UNO: it makes a small workbook and a small document
and stores them with the password `jixiao`, as a unit does with 「另存为 → 设置密码」.
"""

from __future__ import annotations

import subprocess
import tempfile
import time
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

HERE = Path(__file__).parent
PASSWORD = "jixiao"


def _props(**values: object) -> tuple[PropertyValue, ...]:
    out = []
    for key, value in values.items():
        prop = PropertyValue()
        prop.Name, prop.Value = key, value
        out.append(prop)
    return tuple(out)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        office = subprocess.Popen([
            "soffice", "--headless", "--norestore", "--nologo", "--nodefault",
            f"-env:UserInstallation=file://{tmp}/profile",
            "--accept=pipe,name=jixiao-fixtures;urp;"])
        try:
            local = uno.getComponentContext()
            resolver = local.ServiceManager.createInstanceWithContext(
                "com.sun.star.bridge.UnoUrlResolver", local)
            for _ in range(60):
                try:
                    context = resolver.resolve(
                        "uno:pipe,name=jixiao-fixtures;urp;StarOffice.ComponentContext")
                    break
                except Exception:  # not listening yet
                    time.sleep(0.5)
            desktop = context.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.Desktop", context)
            doc = desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0,
                                               _props(Hidden=True))
            sheet = doc.Sheets.getByIndex(0)
            sheet.getCellByPosition(0, 0).setString("项目名称")
            sheet.getCellByPosition(1, 0).setString("加密的自评表")
            for name, filter_name in (("encrypted.xls", "MS Excel 97"),
                                      ("encrypted.ods", "calc8")):
                doc.storeToURL((HERE / name).as_uri(),
                               _props(FilterName=filter_name, Password=PASSWORD))
            doc.close(True)
            doc = desktop.loadComponentFromURL("private:factory/swriter", "_blank", 0,
                                               _props(Hidden=True))
            doc.Text.setString("项目名称：加密的自评表")
            for name, filter_name in (("encrypted.doc", "MS Word 97"),
                                      ("encrypted.odt", "writer8")):
                doc.storeToURL((HERE / name).as_uri(),
                               _props(FilterName=filter_name, Password=PASSWORD))
            doc.close(True)
        finally:
            office.terminate()
            office.wait(30)


if __name__ == "__main__":
    main()
