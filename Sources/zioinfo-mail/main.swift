import Webmail

print("zioinfo-mail \(WebmailModule.version)")
