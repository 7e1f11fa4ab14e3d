from fractions import Fraction as F
import mpmath as mp
def bernoulli(n):
    B=[F(0)]*(n+1); B[0]=F(1)
    from math import comb
    for m in range(1,n+1):
        B[m]= -sum(comb(m+1,k)*B[k] for k in range(m))/ (m+1)
    return B
def gstar(K):
    # Gamma*(a) = exp(sum_j B2j/(2j(2j-1)) z^(2j-1)), z = 1/a
    B=bernoulli(2*K+2)
    L=[F(0)]*(K+1)
    for j in range(1,K+1):
        if 2*j-1<=K: L[2*j-1]=B[2*j]/(2*j*(2*j-1))
    # exp of series with zero const
    E=[F(0)]*(K+1); E[0]=F(1)
    # E' = L' E
    for n in range(1,K+1):
        E[n]=sum(k*L[k]*E[n-k] for k in range(1,n+1))/n
    return E
def mu_series(N):
    a=[F(0)]*(N+2); a[1]=F(1)
    for n in range(2,N+2):
        s=sum(a[i]*(n+1-i)*a[n+1-i] for i in range(2,n))
        a[n]=(a[n-1]-s)/(n+1)
    return a
def inv(s,N):
    r=[F(0)]*N; r[0]=1/s[0]
    for n in range(1,N):
        r[n]=-sum(s[k]*r[n-k] for k in range(1,min(n,len(s)-1)+1))/s[0]
    return r
if __name__=="__main__":
    K=14; N=30
    M=N+2*K+4
    a=mu_series(M+2)
    m=[a[n+1] for n in range(M)]  # mu = eta*m
    im=inv(m,M)   # 1/m ; 1/mu = im/eta
    g=gstar(K+1)
    c=[]
    # c0 = (im - 1)/eta
    c0=[im[n+1] for n in range(M-1)]
    c.append(c0)
    for k in range(1,K+1):
        prev=c[-1]
        # (1/eta) c' : coefficients n*b_n eta^(n-2); plus (-1)^k g_k im/eta
        L=len(prev)
        sing = 1*prev[1] + (-1)**k*g[k]*im[0]
        assert sing==0, (k, sing)
        new=[]
        for j in range(L-2):   # power eta^j
            new.append((j+2)*prev[j+2] + (-1)**k*g[k]*im[j+1])
        c.append(new)
    print("g",[str(x) for x in g[:6]])
    for k in range(4): print(k, [str(x) for x in c[k][:4]])
    import json
    json.dump([[float(x) for x in ck[:N]] for ck in c], open('/tmp/tm/coef.json','w'))
