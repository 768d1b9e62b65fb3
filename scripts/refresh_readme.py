import re, sys
blocks=open(sys.argv[1]).read().split('@@@\n')[1:]
fresh={}
order=[]
for b in blocks:
    b=b.rstrip('\n').replace(sys.argv[2],'')
    first=b.split('\n')[0]
    fresh.setdefault(first,[]).append(b)
p=sys.argv[3]
s=open(p).read()
used={}
def sub(m):
    body=m.group(1)
    first=body.split('\n')[0]
    if first not in fresh: return m.group(0)
    k=used.get(first,0); used[first]=k+1
    if k>=len(fresh[first]): return m.group(0)
    new=fresh[first][k]
    lines=body.split('\n')
    if lines[-1]=='  …':
        new='\n'.join(new.split('\n')[:len(lines)-1]+['  …'])
    return '```console\n'+new+'\n```'
s2=re.sub(r'```console\n(.*?)\n```',sub,s,flags=re.S)
open(p,'w').write(s2)
print(sum(used.values()),'blocks refreshed')
