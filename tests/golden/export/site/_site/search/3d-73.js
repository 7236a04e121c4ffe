tkShard("3d-73",[
["=sum(1+1)",1,"a","A <b>bold</b> & [[link]] {{tpl}} | pipe","en","=SUM(1+1)"]
]);
