Attribute VB_Name = "Knappar"
Option Explicit

' The buttons on the Uppgifter sheet. Each macro hands over to Python through xlwings'
' RunPython; the Python side reads the open workbook itself (unsaved edits included) and
' shows its own message box, so nothing here needs error handling of its own.

Public Sub Kontrollera()
    RunPython "import toolkit.excel; toolkit.excel.kontrollera()"
End Sub

Public Sub SkapaRapport()
    RunPython "import toolkit.excel; toolkit.excel.skapa_rapport()"
End Sub

Public Sub SkapaUtkast()
    RunPython "import toolkit.excel; toolkit.excel.skapa_utkast()"
End Sub
