Write-Output 'hello from Signet'
