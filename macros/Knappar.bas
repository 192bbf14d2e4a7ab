Attribute VB_Name = "Knappar"
Option Explicit

' The buttons on the Uppgifter sheet. Before handing over to Python through xlwings' RunPython,
' each macro checks what VBA can check on its own (a Python to start, or the Conda folder) and
' says in Swedish what is missing. RunPython gets the version of the xlwings VBA embedded here,
' so Python can refuse a mismatch; Python then reads the open workbook itself (unsaved edits
' included) and shows its own messages. Any VBA error, e.g. when Windows blocks Office from
' starting programs, ends in a Swedish message too, never in a bare VBA error box.

Private Const RUBRIK As String = "Finsam"
Private Const FRAGA As String = "Fråga den som ansvarar för verktyget hos förbundet, eller IT. " & _
    "Arbetsboken kontrollerar sig själv även utan Python: se bladet Kontroll."

Public Sub Kontrollera()
    Starta "kontrollera"
End Sub

Public Sub SkapaRapport()
    Starta "skapa_rapport"
End Sub

Public Sub SkapaUtkast()
    Starta "skapa_utkast"
End Sub

Private Sub Starta(Funktion As String)
    Dim Saknas As String
    On Error GoTo Fel
    Saknas = PythonSaknas()
    If Saknas <> "" Then
        MsgBox Saknas & vbCrLf & vbCrLf & FRAGA, vbExclamation, RUBRIK
        Exit Sub
    End If
    RunPython "import toolkit.excel; toolkit.excel." & Funktion & "('" & XLWINGS_VERSION & "')"
    Exit Sub
Fel:
    MsgBox "Knappen kunde inte starta Python (" & Err.Description & "). " & _
        "Ofta beror det på att IT har blockerat att Office startar andra program " & _
        "(regeln ""Block all Office applications from creating child processes"" i Microsoft Defender). " & _
        "Då kan knapparna inte användas på den här datorn; förbundet kan skapa rapporten med finsam report." & _
        vbCrLf & vbCrLf & FRAGA, vbCritical, RUBRIK
End Sub

' "" when a Python to start is in sight; otherwise what is missing, in Swedish.
' The interpreter is looked up as xlwings looks it up: the workbook's xlwings.conf sheet,
' then the folder's and the user's xlwings.conf file, then python on PATH.
Private Function PythonSaknas() As String
    Dim Tolk As String, CondaMapp As String, CondaMiljo As String
    CondaMapp = GetConfig("CONDA PATH")
    CondaMiljo = GetConfig("CONDA ENV")
    If CondaMapp <> "" And CondaMiljo <> "" Then
        If Not FileExists(CondaMapp & "\condabin\conda.bat") Then
            PythonSaknas = "Conda hittades inte i mappen " & CondaMapp & " (inställningen Conda Path)."
        End If
        Exit Function
    End If
    Tolk = GetConfig("INTERPRETER_WIN", "")
    If Tolk = "" Then Tolk = GetConfig("INTERPRETER", "python")
    If LCase(Tolk) = "python" Or LCase(Tolk) = "pythonw" Then
        If Not PythonIPath() Then
            PythonSaknas = "Python hittades inte på datorn. Installera Python (se docs/excel.md) och starta " & _
                "om Excel, eller ange sökvägen till python.exe i inställningen Interpreter_Win på det dolda " & _
                "bladet xlwings.conf."
        End If
    ElseIf Not FileExists(Tolk) Then
        PythonSaknas = "Python finns inte där inställningen Interpreter_Win pekar: " & Tolk & "."
    End If
End Function

' True when a folder on PATH holds python.exe. Microsoft Store's stand-in under WindowsApps
' does not count: it opens the Store instead of running Python.
Private Function PythonIPath() As Boolean
    Dim Mappar As Variant, i As Long, Mapp As String
    Mappar = Split(Environ("PATH"), ";")
    For i = LBound(Mappar) To UBound(Mappar)
        Mapp = Trim(Replace(Mappar(i), """", ""))
        If Mapp <> "" And InStr(1, Mapp, "\WindowsApps", vbTextCompare) = 0 Then
            If Right(Mapp, 1) <> "\" Then Mapp = Mapp & "\"
            If FileExists(Mapp & "python.exe") Then
                PythonIPath = True
                Exit Function
            End If
        End If
    Next i
End Function
