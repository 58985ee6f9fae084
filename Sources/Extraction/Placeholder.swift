import MIME
